using System.Text.Json.Nodes;
using Orchestrator.Api.Apply;
using Orchestrator.Api.Server;
using static Orchestrator.Api.Tests.Apply.DeploymentSchemaFixture;

namespace Orchestrator.Api.Tests.Apply;

[TestClass]
public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddMinutes(5);

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_NoLiveObject_CreatesItOwnedByTheApplier()
    {
        var config = Config(replicas: 2, image: "nginx:1");

        var result = ServerSideApply.Apply(null, config, "kubectl", false, Deployment, T1);

        Assert.AreEqual(2, (int)result["spec"]!["replicas"]!);
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        Assert.AreEqual(1, entries.Count);
        Assert.AreEqual(
            """
            {"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2025-03-01T10:00:00Z",
            "fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":
            {"f:replicas":{},"f:selector":{},"f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
            "f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}
            """.ReplaceLineEndings(""),
            Write(entries[0]));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_SameConfigAgain_ChangesNothingNotEvenTheTime()
    {
        var created = ServerSideApply.Apply(null, Config(replicas: 2), "kubectl", false, Deployment, T1);

        var again = ServerSideApply.Apply(created, Config(replicas: 2), "kubectl", false, Deployment, T2);

        Assert.AreEqual(Write(created), Write(again));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ChangedConfig_UpdatesTheTime()
    {
        var created = ServerSideApply.Apply(null, Config(replicas: 2), "kubectl", false, Deployment, T1);

        var changed = ServerSideApply.Apply(created, Config(replicas: 3), "kubectl", false, Deployment, T2);

        Assert.AreEqual("2025-03-01T10:05:00Z", (string)changed["metadata"]!["managedFields"]![0]!["time"]!);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("replicas", ".spec.replicas")]
    [DataRow("label", ".metadata.labels.tier")]
    [DataRow("sidecar", ".spec.template.spec.containers[name=\"sidecar\"]")]
    public void Apply_FieldLeftOutThatOnlyTheApplierOwned_IsRemoved(string dropped, string path)
    {
        var full = Config(replicas: 2, tier: "web", sidecar: true);
        var created = ServerSideApply.Apply(null, full, "kubectl", false, Deployment, T1);
        var smaller = Config(
            replicas: dropped == "replicas" ? null : 2,
            tier: dropped == "label" ? null : "web",
            sidecar: dropped != "sidecar");

        var result = ServerSideApply.Apply(created, smaller, "kubectl", false, Deployment, T2);

        Assert.IsFalse(Has(result, path), $"{path} should be gone: {Write(result)}");
        Assert.IsFalse(Owned(result, "kubectl", "Apply").Paths().Any(p => p.ToString().StartsWith(path)));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_FieldLeftOutThatAnotherApplierAlsoOwns_Stays()
    {
        var created = ServerSideApply.Apply(null, Config(replicas: 2), "a", false, Deployment, T1);
        var shared = ServerSideApply.Apply(created, Config(replicas: 2), "b", false, Deployment, T1);

        var result = ServerSideApply.Apply(shared, Config(replicas: null), "a", false, Deployment, T2);

        Assert.AreEqual(2, (int)result["spec"]!["replicas"]!);
        Assert.IsTrue(Owned(result, "b", "Apply").Contains(FieldPath.OfFields("spec.replicas").Elements));
        Assert.IsFalse(Owned(result, "a", "Apply").Contains(FieldPath.OfFields("spec.replicas").Elements));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_TwoManagersDifferentFields_EachOwnsItsOwnAndBothSurvive()
    {
        var created = ServerSideApply.Apply(null, Config(replicas: 2), "deployer", false, Deployment, T1);
        var labeler = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"team":"blue"}}}
            """);

        var result = ServerSideApply.Apply(created, labeler, "labeler", false, Deployment, T2);
        result = ServerSideApply.Apply(result, Config(replicas: 4), "deployer", false, Deployment, T2.AddSeconds(1));

        Assert.AreEqual("blue", (string)result["metadata"]!["labels"]!["team"]!);
        Assert.AreEqual(4, (int)result["spec"]!["replicas"]!);
        Assert.AreEqual("""{"f:metadata":{"f:labels":{"f:team":{}}}}""", Owned(result, "labeler", "Apply").ToString());
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        CollectionAssert.AreEqual(
            new[] { "labeler", "deployer" }, entries.Select(e => (string)e!["manager"]!).ToArray(),
            "entries sort by time, then manager");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ChangesReplicasOwnedByClientSideApply_Throws409WithFieldManagerConflict()
    {
        var live = CreatedByUpdate("kubectl-client-side-apply", Config(replicas: 1));

        var error = Assert.ThrowsExactly<ApiException>(
            () => ServerSideApply.Apply(live, Config(replicas: 3), "kubectl", false, Deployment, T2));

        Assert.AreEqual(409, error.Code);
        Assert.AreEqual("Conflict", error.Reason);
        Assert.AreEqual(
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas",
            error.Message);
        var cause = error.Details!.Causes!.Single();
        Assert.AreEqual("FieldManagerConflict", cause.Reason);
        Assert.AreEqual("conflict with \"kubectl-client-side-apply\" using apps/v1", cause.Message);
        Assert.AreEqual(".spec.replicas", cause.Field);
        var status = error.ToStatus();
        Assert.AreEqual(409, (int)status["code"]!);
        Assert.AreEqual("FieldManagerConflict", (string)status["details"]!["causes"]![0]!["reason"]!);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_SameValueAsAnotherOwner_SharesOwnershipWithoutConflict()
    {
        var live = CreatedByUpdate("kubectl-client-side-apply", Config(replicas: 1));

        var result = ServerSideApply.Apply(live, Config(replicas: 1), "kubectl", false, Deployment, T2);

        var replicas = FieldPath.OfFields("spec.replicas").Elements;
        Assert.IsTrue(Owned(result, "kubectl", "Apply").Contains(replicas));
        Assert.IsTrue(Owned(result, "kubectl-client-side-apply", "Update").Contains(replicas));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_Force_TakesOwnershipFromTheOtherManager()
    {
        var live = CreatedByUpdate("kubectl-client-side-apply", Config(replicas: 1, image: "nginx:1"));

        var result = ServerSideApply.Apply(
            live, Config(replicas: 3, image: "nginx:1"), "kubectl", true, Deployment, T2);

        var replicas = FieldPath.OfFields("spec.replicas").Elements;
        Assert.AreEqual(3, (int)result["spec"]!["replicas"]!);
        Assert.IsTrue(Owned(result, "kubectl", "Apply").Contains(replicas));
        Assert.IsFalse(Owned(result, "kubectl-client-side-apply", "Update").Contains(replicas));
        Assert.IsFalse(Owned(result, "kubectl-client-side-apply", "Update").IsEmpty, "it keeps the rest");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_SeveralConflicts_ListsThemByOwner()
    {
        var live = CreatedByUpdate("editor", Config(replicas: 1, image: "nginx:1"));

        var error = Assert.ThrowsExactly<ApiException>(
            () => ServerSideApply.Apply(live, Config(replicas: 2, image: "nginx:2"), "kubectl", false, Deployment, T2));

        Assert.AreEqual(
            "Apply failed with 2 conflicts: conflicts with \"editor\" using apps/v1:\n- .spec.replicas\n" +
            "- .spec.template.spec.containers[name=\"app\"].image",
            error.Message);
        Assert.AreEqual(2, error.Details!.Causes!.Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ContainerListKeyedByName_MergesItemsAndKeepsOthersInPlace()
    {
        var live = CreatedByUpdate("editor", Config(replicas: 1, image: "nginx:1", sidecar: true));
        var config = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[
               {"name":"app","ports":[{"containerPort":8080}]},{"name":"extra","image":"busybox"}]}}}}
            """);

        var result = ServerSideApply.Apply(live, config, "kubectl", false, Deployment, T2);

        var containers = result["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        CollectionAssert.AreEqual(
            new[] { "app", "sidecar", "extra" }, containers.Select(c => (string)c!["name"]!).ToArray());
        Assert.AreEqual("nginx:1", (string)containers[0]!["image"]!, "the editor's image stays");
        Assert.AreEqual(8080, (int)containers[0]!["ports"]![0]!["containerPort"]!);
        Assert.AreEqual(
            """
            {"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:name":{},
            "f:ports":{"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}},
            "k:{\"name\":\"extra\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """.ReplaceLineEndings(""),
            Owned(result, "kubectl", "Apply").ToString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ConfigOrder_WinsForTheItemsItNames()
    {
        var live = CreatedByUpdate("editor", Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}}}
            """));
        var config = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"c"},{"name":"a"}]}}}}
            """);

        var result = ServerSideApply.Apply(live, config, "kubectl", false, Deployment, T2);

        CollectionAssert.AreEqual(
            new[] { "b", "c", "a" },
            result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).ToArray());
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("set", """["x","y"]""", """["y","z"]""", """["x","y","z"]""")]
    [DataRow("atomic", """{"matchLabels":{"app":"web","tier":"a"}}""", """{"matchLabels":{"app":"web"}}""",
        """{"matchLabels":{"app":"web"}}""")]
    public void Apply_SetListMergesAndAtomicMapReplaces(string kind, string live, string applied, string expected)
    {
        var (path, field) = kind == "set" ? ("metadata", "finalizers") : ("spec", "selector");
        var liveObject = Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{}}""");
        liveObject[path]![field] = JsonNode.Parse(live);
        var tracked = CreatedByUpdate("editor", liveObject);
        var config = Parse("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{}}""");
        config[path]![field] = JsonNode.Parse(applied);

        var result = ServerSideApply.Apply(tracked, config, "kubectl", force: true, Deployment, T2);

        Assert.AreEqual(expected, Write(result[path]![field]));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_StatusOnTheMainResource_IsNeitherOwnedNorWritten()
    {
        var config = Config(replicas: 1);
        config["status"] = new JsonObject { ["replicas"] = 9 };

        var result = ServerSideApply.Apply(
            null, config, "kubectl", false, Deployment, T1, null, ServerSideApply.MainResourceResetFields());

        Assert.IsNull(result["status"]);
        Assert.IsFalse(Owned(result, "kubectl", "Apply").Touches(PathElement.Field("status")));
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ConfigWithManagedFields_IsABadRequest()
    {
        var config = Config(replicas: 1);
        config["metadata"]!["managedFields"] = new JsonArray();

        var error = Assert.ThrowsExactly<ApiException>(
            () => ServerSideApply.Apply(null, config, "kubectl", false, Deployment, T1));

        Assert.AreEqual(400, error.Code);
        Assert.AreEqual("metadata.managedFields must be nil", error.Message);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_ContainerWithoutName_IsABadRequestNamingTheList()
    {
        var config = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"image":"nginx"}]}}}}
            """);

        var error = Assert.ThrowsExactly<ApiException>(
            () => ServerSideApply.Apply(null, config, "kubectl", false, Deployment, T1));

        Assert.AreEqual(400, error.Code);
        StringAssert.StartsWith(error.Message, ".spec.template.spec.containers: element 0:");
    }

    internal static JsonObject Config(
        int? replicas = 2, string image = "nginx:1", string? tier = null, bool sidecar = false)
    {
        var config = Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app"}]}}}}
            """);
        if (replicas is { } count)
        {
            config["spec"]!["replicas"] = count;
        }

        if (tier is not null)
        {
            config["metadata"]!["labels"]!["tier"] = tier;
        }

        var containers = config["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        containers[0]!["image"] = image;
        if (sidecar)
        {
            containers.Add(new JsonObject { ["name"] = "sidecar", ["image"] = "envoy" });
        }

        return config;
    }

    internal static FieldSet Owned(JsonObject obj, string manager, string operation)
    {
        var entry = obj["metadata"]!["managedFields"]!.AsArray()
            .Single(e => (string?)e!["manager"] == manager && (string)e!["operation"]! == operation);
        return FieldSet.FromFieldsV1(entry!["fieldsV1"]!.AsObject());
    }

    private static JsonObject CreatedByUpdate(string manager, JsonObject obj)
    {
        var created = obj.DeepClone().AsObject();
        ManagedFieldsTracker.RecordUpdate(null, created, manager, "apps/v1", Deployment, T1);
        return created;
    }

    private static bool Has(JsonObject obj, string path)
    {
        return path switch
        {
            ".spec.replicas" => obj["spec"]?["replicas"] is not null,
            ".metadata.labels.tier" => obj["metadata"]?["labels"]?["tier"] is not null,
            _ => obj["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Any(c => (string)c!["name"]! == "sidecar"),
        };
    }
}
