using System.Text.Json.Nodes;
using Orchestrator.Api.Apply;
using static Orchestrator.Api.Tests.Apply.DeploymentSchemaFixture;

namespace Orchestrator.Api.Tests.Apply;

[TestClass]
public sealed class ManagedFieldsTrackerTests
{
    private static readonly DateTimeOffset T1 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_Create_GivesTheCreatorEveryFieldItSet()
    {
        var created = ServerSideApplyTests.Config(replicas: 1);

        ManagedFieldsTracker.RecordUpdate(null, created, "kubectl-create", "apps/v1", Deployment, T1);

        var entry = created["metadata"]!["managedFields"]![0]!;
        Assert.AreEqual("kubectl-create", (string)entry["manager"]!);
        Assert.AreEqual("Update", (string)entry["operation"]!);
        Assert.AreEqual("apps/v1", (string)entry["apiVersion"]!);
        Assert.AreEqual("2025-03-01T10:00:00Z", (string)entry["time"]!);
        Assert.AreEqual(
            """
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},
            "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":
            {"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """.ReplaceLineEndings(""),
            Write(entry["fieldsV1"]));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_CreateWithPorts_OwnsTheOptionalListItselfAndKeysItemsWithTheDefaultProtocol()
    {
        var created = ServerSideApplyTests.Config(replicas: 1);
        created["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"] =
            JsonNode.Parse("""[{"containerPort":80}]""");

        ManagedFieldsTracker.RecordUpdate(null, created, "kubectl-create", "apps/v1", Deployment, T1);

        StringAssert.Contains(
            ServerSideApplyTests.Owned(created, "kubectl-create", "Update").ToString(),
            """
            "f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}
            """.Trim());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_AnotherWriterChangesAField_TakesItFromTheFirst()
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1));
        var updated = previous.DeepClone().AsObject();
        updated["spec"]!["replicas"] = 5;

        ManagedFieldsTracker.RecordUpdate(previous, updated, "scaler", "apps/v1", Deployment, T2);

        var replicas = FieldPath.OfFields("spec.replicas").Elements;
        Assert.AreEqual(
            """{"f:spec":{"f:replicas":{}}}""", ServerSideApplyTests.Owned(updated, "scaler", "Update").ToString());
        Assert.IsFalse(ServerSideApplyTests.Owned(updated, "creator", "Update").Contains(replicas));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_RemovedField_IsTakenFromEveryOwner()
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1, tier: "web"));
        var updated = previous.DeepClone().AsObject();
        updated["metadata"]!["labels"]!.AsObject().Remove("tier");

        ManagedFieldsTracker.RecordUpdate(previous, updated, "editor", "apps/v1", Deployment, T2);

        Assert.IsFalse(ServerSideApplyTests.Owned(updated, "creator", "Update").ToString().Contains("f:tier"));
        Assert.AreEqual(1, updated["metadata"]!["managedFields"]!.AsArray().Count, "the editor added nothing");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_NothingChanged_KeepsTheEntriesAndTheirTimes()
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1));
        var updated = previous.DeepClone().AsObject();

        ManagedFieldsTracker.RecordUpdate(previous, updated, "creator", "apps/v1", Deployment, T2);

        Assert.AreEqual(Write(previous["metadata"]!["managedFields"]), Write(updated["metadata"]!["managedFields"]));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("[]")]
    [DataRow("[{}]")]
    public void RecordUpdate_RequestClearsManagedFields_LeavesTheObjectUntrackedUntilAnApply(string request)
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1));
        var cleared = previous.DeepClone().AsObject();
        cleared["metadata"]!["managedFields"] = JsonNode.Parse(request);

        ManagedFieldsTracker.RecordUpdate(previous, cleared, "editor", "apps/v1", Deployment, T2);
        var next = cleared.DeepClone().AsObject();
        next["spec"]!["replicas"] = 3;
        ManagedFieldsTracker.RecordUpdate(cleared, next, "editor", "apps/v1", Deployment, T2);

        Assert.IsNull(cleared["metadata"]!["managedFields"]);
        Assert.IsNull(next["metadata"]!["managedFields"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_RequestCarriesValidManagedFields_ReplacesTheTrackedOnes()
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1));
        var updated = previous.DeepClone().AsObject();
        updated["metadata"]!["managedFields"] = JsonNode.Parse("""
            [{"manager":"someone","operation":"Apply","apiVersion":"apps/v1","fieldsType":"FieldsV1",
              "fieldsV1":{"f:spec":{"f:replicas":{}}}}]
            """);

        ManagedFieldsTracker.RecordUpdate(previous, updated, "editor", "apps/v1", Deployment, T2);

        var entries = updated["metadata"]!["managedFields"]!.AsArray();
        Assert.AreEqual(1, entries.Count);
        Assert.AreEqual("someone", (string)entries[0]!["manager"]!);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("""[{"manager":"x","operation":"Patch","apiVersion":"apps/v1","fieldsType":"FieldsV1"}]""")]
    [DataRow("""[{"manager":"x","operation":"Update","fieldsType":"FieldsV1"}]""")]
    [DataRow("""[{"manager":"x","operation":"Update","apiVersion":"apps/v1","fieldsType":"FieldsV2"}]""")]
    [DataRow("""[{"manager":"x","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":"""
        + """{"q":{}}}]""")]
    public void RecordUpdate_RequestCarriesInvalidManagedFields_KeepsTheTrackedOnes(string request)
    {
        var previous = Created("creator", ServerSideApplyTests.Config(replicas: 1));
        var updated = previous.DeepClone().AsObject();
        updated["metadata"]!["managedFields"] = JsonNode.Parse(request);

        ManagedFieldsTracker.RecordUpdate(previous, updated, "creator", "apps/v1", Deployment, T2);

        Assert.AreEqual(Write(previous["metadata"]!["managedFields"]), Write(updated["metadata"]!["managedFields"]));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_EleventhUpdater_FoldsTheOldestIntoAncientChanges()
    {
        var current = Created("writer-0", ServerSideApplyTests.Config(replicas: 0));
        for (var i = 1; i <= 10; i++)
        {
            var next = current.DeepClone().AsObject();
            next["metadata"]!["labels"]![$"l{i}"] = "x";
            ManagedFieldsTracker.RecordUpdate(current, next, $"writer-{i}", "apps/v1", Deployment, T1.AddMinutes(i));
            current = next;
        }

        var managers = current["metadata"]!["managedFields"]!.AsArray().Select(e => (string)e!["manager"]!).ToList();

        Assert.AreEqual(10, managers.Count);
        Assert.AreEqual("ancient-changes", managers[0]);
        CollectionAssert.DoesNotContain(managers, "writer-0");
        CollectionAssert.DoesNotContain(managers, "writer-1");
        StringAssert.Contains(
            ServerSideApplyTests.Owned(current, "ancient-changes", "Update").ToString(), "f:replicas");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void RecordUpdate_ApplyAndUpdateEntries_SortApplyFirst()
    {
        var applied = ServerSideApply.Apply(
            null, ServerSideApplyTests.Config(replicas: 1), "kubectl", false, Deployment, T2);
        var updated = applied.DeepClone().AsObject();
        updated["metadata"]!["labels"]!["extra"] = "y";

        ManagedFieldsTracker.RecordUpdate(applied, updated, "aaa-editor", "apps/v1", Deployment, T1);

        var operations = updated["metadata"]!["managedFields"]!.AsArray()
            .Select(e => (string)e!["operation"]!)
            .ToArray();
        CollectionAssert.AreEqual(new[] { "Apply", "Update" }, operations);
    }

    private static JsonObject Created(string manager, JsonObject obj)
    {
        ManagedFieldsTracker.RecordUpdate(null, obj, manager, "apps/v1", Deployment, T1);
        return obj;
    }
}
