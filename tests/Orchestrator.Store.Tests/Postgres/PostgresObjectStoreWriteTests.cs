using System.Text.Json.Nodes;
using Orchestrator.Store.Errors;
using Orchestrator.Store.Objects;

namespace Orchestrator.Store.Tests.Postgres;

[TestClass]
[TestCategory("Integration")]
public sealed class PostgresObjectStoreWriteTests
{
    [TestMethod]
    public async Task CreateAsync_NewObject_SetsUidRevisionAndTimestamp()
    {
        await using var fixture = await StoreFixture.CreateAsync();

        var created = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);

        Assert.AreNotEqual(Guid.Empty, created.Uid);
        Assert.IsTrue(created.Revision > 0);
        Assert.AreEqual(created.Revision.ToString(), ObjectJson.GetString(created.Object, "resourceVersion"));
        Assert.AreEqual(created.Uid.ToString(), ObjectJson.GetString(created.Object, "uid"));
        Assert.IsNotNull(ObjectJson.GetString(created.Object, "creationTimestamp"));
        var read = await fixture.Store.GetAsync(StoreFixture.Key("a"), default);
        Assert.AreEqual(created.Revision, read!.Revision);
        Assert.AreEqual(created.Revision.ToString(), ObjectJson.GetString(read.Object, "resourceVersion"));
    }

    [TestMethod]
    public async Task CreateAsync_TwentyConcurrentCreatesOfOneName_ExactlyOneSucceedsAndUidNeverChanges()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var second = fixture.OpenStore();
        var key = StoreFixture.Key("contended");

        var attempts = Enumerable.Range(0, 20).Select(async Task<(StoredObject? Created, Exception? Error)> (i) =>
        {
            var store = i % 2 == 0 ? fixture.Store : second;
            try
            {
                var created = await store.CreateAsync(
                    key, StoreFixture.ConfigMap("contended", value: $"{i}"), default);
                return (created, null);
            }
            catch (ObjectAlreadyExistsException error)
            {
                return (null, error);
            }
        }).ToList();
        var outcomes = await Task.WhenAll(attempts);

        var winners = outcomes.Where(o => o.Created is not null).ToList();
        Assert.HasCount(1, winners);
        Assert.AreEqual(19, outcomes.Count(o => o.Error is ObjectAlreadyExistsException));
        var uid = winners[0].Created!.Uid;
        var current = await fixture.Store.GetAsync(key, default);
        Assert.AreEqual(uid, current!.Uid);

        var updated = await fixture.Store.UpdateAsync(current, current.ToJsonObject(), default);
        Assert.AreEqual(uid, updated.Uid);
        Assert.AreEqual(uid, (await fixture.Store.GetAsync(key, default))!.Uid);
    }

    [TestMethod]
    public async Task UpdateAsync_StaleRevision_IsConflictAndKeepsTheNewerWrite()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var original = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        var first = original.ToJsonObject();
        first["data"]!["value"] = "first";
        await fixture.Store.UpdateAsync(original, first, default);

        var stale = original.ToJsonObject();
        stale["data"]!["value"] = "stale";
        await Assert.ThrowsExactlyAsync<ObjectConflictException>(
            () => fixture.Store.UpdateAsync(original, stale, default));

        var current = await fixture.Store.GetAsync(StoreFixture.Key("a"), default);
        Assert.AreEqual("first", current!.Object["data"]!["value"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task UpdateAsync_DeletedObject_IsNotFound()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var original = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);
        await fixture.Store.DeleteAsync(StoreFixture.Key("a"), null, default);

        await Assert.ThrowsExactlyAsync<ObjectNotFoundException>(
            () => fixture.Store.UpdateAsync(original, original.ToJsonObject(), default));
    }

    [TestMethod]
    public async Task UpdateAsync_SpecChangesOnly_BumpGeneration()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var obj = new JsonObject
        {
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web" },
            ["spec"] = new JsonObject { ["replicas"] = 1 },
        };
        var key = new ObjectKey("apps/deployments", "default", "web");
        var v1 = await fixture.Store.CreateAsync(key, obj, default);
        Assert.AreEqual(1, ObjectJson.GetGeneration(v1.Object));

        var statusOnly = v1.ToJsonObject();
        statusOnly["status"] = new JsonObject { ["replicas"] = 1 };
        var v2 = await fixture.Store.UpdateAsync(v1, statusOnly, default);
        Assert.AreEqual(1, ObjectJson.GetGeneration(v2.Object));

        var specChange = v2.ToJsonObject();
        specChange["spec"]!["replicas"] = 3;
        var v3 = await fixture.Store.UpdateAsync(v2, specChange, default);
        Assert.AreEqual(2, ObjectJson.GetGeneration(v3.Object));
        Assert.IsTrue(v3.Revision > v2.Revision && v2.Revision > v1.Revision);
    }

    [TestMethod]
    public async Task DeleteAsync_Preconditions_AreEnforcedByTheDatabase()
    {
        await using var fixture = await StoreFixture.CreateAsync();
        var created = await fixture.Store.CreateAsync(StoreFixture.Key("a"), StoreFixture.ConfigMap("a"), default);

        await Assert.ThrowsExactlyAsync<ObjectConflictException>(() => fixture.Store.DeleteAsync(
            StoreFixture.Key("a"), new DeletePreconditions(Uid: Guid.NewGuid()), default));
        await Assert.ThrowsExactlyAsync<ObjectConflictException>(() => fixture.Store.DeleteAsync(
            StoreFixture.Key("a"), new DeletePreconditions(Revision: created.Revision - 1), default));

        var deleted = await fixture.Store.DeleteAsync(
            StoreFixture.Key("a"), new DeletePreconditions(created.Uid, created.Revision), default);
        Assert.IsTrue(deleted.Revision > created.Revision);
        Assert.AreEqual(deleted.Revision.ToString(), ObjectJson.GetString(deleted.Object, "resourceVersion"));
        Assert.IsNull(await fixture.Store.GetAsync(StoreFixture.Key("a"), default));
        await Assert.ThrowsExactlyAsync<ObjectNotFoundException>(
            () => fixture.Store.DeleteAsync(StoreFixture.Key("a"), null, default));
    }
}
