using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Tables;

namespace Orchestrator.Api.Tests.Tables;

[TestClass]
public sealed class TableRendererTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-01-01T12:00:00Z");

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("{'phase':'Pending'}", "", "Pending", "0/1", "0")]
    [DataRow("{'phase':'Pending','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
        + "'state':{'waiting':{'reason':'ContainerCreating'}}}]}", "", "ContainerCreating", "0/1", "0")]
    [DataRow("{'phase':'Running','conditions':[{'type':'Ready','status':'True'}],"
        + "'containerStatuses':[{'name':'app','ready':true,'restartCount':0,'state':{'running':{}}}]}",
        "", "Running", "1/1", "0")]
    [DataRow("{'phase':'Running','containerStatuses':[{'name':'app','ready':false,'restartCount':2,"
        + "'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
        + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2025-01-01T11:55:00Z'}}}]}",
        "", "CrashLoopBackOff", "0/1", "2 (5m ago)")]
    [DataRow("{'phase':'Succeeded','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
        + "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}", "", "Completed", "0/1", "0")]
    [DataRow("{'phase':'Failed','containerStatuses':[{'name':'app','ready':false,'restartCount':0,"
        + "'state':{'terminated':{'exitCode':137}}}]}", "", "ExitCode:137", "0/1", "0")]
    [DataRow("{'phase':'Running','containerStatuses':[{'name':'app','ready':true,'restartCount':0,"
        + "'state':{'running':{}}}]}", "deleting", "Terminating", "1/1", "0")]
    [DataRow("{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,'restartCount':0,"
        + "'state':{'waiting':{'reason':'PodInitializing'}}}],'containerStatuses':[{'name':'app','ready':false,"
        + "'restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}]}", "init", "Init:0/1", "0/1", "0")]
    [DataRow("{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,'restartCount':3,"
        + "'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}", "init", "Init:CrashLoopBackOff", "0/1", "3")]
    [DataRow("{'phase':'Pending','initContainerStatuses':[{'name':'init','ready':false,'restartCount':0,"
        + "'state':{'terminated':{'exitCode':2}}}]}", "init", "Init:ExitCode:2", "0/1", "0")]
    [DataRow("{'phase':'Pending','conditions':[{'type':'PodScheduled','status':'False',"
        + "'reason':'SchedulingGated'}]}", "", "SchedulingGated", "0/1", "0")]
    [DataRow("{'phase':'Running','reason':'Evicted'}", "", "Evicted", "0/1", "0")]
    public void Render_Pod_StatusReadyAndRestartsAsKubectl(
        string status, string variant, string expectedStatus, string expectedReady, string expectedRestarts)
    {
        var pod = Pod(status);
        if (variant == "deleting")
        {
            pod["metadata"]!["deletionTimestamp"] = "2025-01-01T11:59:00Z";
        }

        if (variant == "init")
        {
            pod["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "init", ["image"] = "busybox" });
        }

        var cells = Cells(Render("pods", pod));

        Assert.AreEqual("web-0", cells[0]);
        Assert.AreEqual(expectedReady, cells[1]);
        Assert.AreEqual(expectedStatus, cells[2]);
        Assert.AreEqual(expectedRestarts, cells[3]);
        Assert.AreEqual("10m", cells[4]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_Pod_ColumnsAndWideCells()
    {
        var pod = Pod("{'phase':'Running','podIPs':[{'ip':'10.0.0.7'}]}");
        pod["spec"]!["nodeName"] = "node-1";

        var table = Render("pods", pod);

        Assert.AreEqual("Table", (string?)table["kind"]);
        Assert.AreEqual("meta.k8s.io/v1", (string?)table["apiVersion"]);
        CollectionAssert.AreEqual(
            new[] { "Name:0", "Ready:0", "Status:0", "Restarts:0", "Age:0", "IP:1", "Node:1", "Nominated Node:1",
                "Readiness Gates:1" },
            ColumnNames(table));
        Assert.AreEqual("name", (string?)table["columnDefinitions"]![0]!["format"]);
        CollectionAssert.AreEqual(new[] { "10.0.0.7", "node-1", "<none>", "<none>" }, Cells(table)[5..]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_Row_ObjectIsPartialMetadataWithoutManagedFields()
    {
        var pod = Pod("{'phase':'Running'}");
        pod["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubectl" });

        var row = Render("pods", pod)["rows"]![0]!;

        Assert.AreEqual("PartialObjectMetadata", (string?)row["object"]!["kind"]);
        Assert.AreEqual("meta.k8s.io/v1", (string?)row["object"]!["apiVersion"]);
        Assert.AreEqual("default", (string?)row["object"]!["metadata"]!["namespace"]);
        Assert.IsNull(row["object"]!["metadata"]!["managedFields"]);
        Assert.IsNotNull(pod["metadata"]!["managedFields"], "the rendered object must not be changed");
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_SucceededPod_RowHasCompletedCondition()
    {
        var row = Render("pods", Pod("{'phase':'Succeeded'}"))["rows"]![0]!;

        Assert.AreEqual("Completed", (string?)row["conditions"]![0]!["type"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_WatchEventWithoutColumnDefinitions_HasRowsOnly()
    {
        var table = TableRenderer.Render(
            Resource("pods"), [Pod("{'phase':'Running'}")], Now, includeColumnDefinitions: false);

        Assert.AreEqual(0, table["columnDefinitions"]!.AsArray().Count);
        Assert.AreEqual(1, table["rows"]!.AsArray().Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_Deployment_WideColumnsHaveContainersImagesSelector()
    {
        var deployment = Parse("""
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T09:00:00Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","tier":"front"},
               "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]}]},
               "template":{"spec":{"containers":[{"name":"app","image":"nginx:1.27"},
                 {"name":"log","image":"busybox"}]}}},
             "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """);

        var table = TableRenderer.Render(Resource("deployments"), [deployment], Now);

        CollectionAssert.AreEqual(
            new[] { "Name:0", "Ready:0", "Up-to-date:0", "Available:0", "Age:0", "Containers:1", "Images:1",
                "Selector:1" },
            ColumnNames(table));
        CollectionAssert.AreEqual(
            new[]
            {
                "web", "2/3", "3", "2", "3h", "app,log", "nginx:1.27,busybox", "app=web,env in (dev,prod),tier=front",
            },
            Cells(table));
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("replicasets", "{'metadata':{'name':'rs'},'spec':{'replicas':2,'template':{'spec':{'containers':[]}}},"
        + "'status':{'replicas':2,'readyReplicas':1}}", "rs|2|2|1|<unknown>|||")]
    [DataRow("services", "{'metadata':{'name':'web'},'spec':{'type':'ClusterIP','clusterIP':'10.96.0.10',"
        + "'clusterIPs':['10.96.0.10'],'ports':[{'port':80,'protocol':'TCP'},{'port':53,'protocol':'UDP'}],"
        + "'selector':{'app':'web'}}}", "web|ClusterIP|10.96.0.10|<none>|80/TCP,53/UDP|<unknown>|app=web")]
    [DataRow("services", "{'metadata':{'name':'lb'},'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.11',"
        + "'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'}]}}",
        "lb|LoadBalancer|10.96.0.11|<pending>|80:30080/TCP|<unknown>|<none>")]
    [DataRow("endpoints", "{'metadata':{'name':'web'},'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'},"
        + "{'ip':'10.0.0.3'},{'ip':'10.0.0.4'}],'ports':[{'port':8080}]}]}",
        "web|10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...|<unknown>")]
    [DataRow("endpoints", "{'metadata':{'name':'none'}}", "none|<none>|<unknown>")]
    [DataRow("configmaps", "{'metadata':{'name':'cm'},'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}",
        "cm|3|<unknown>")]
    [DataRow("secrets", "{'metadata':{'name':'s'},'type':'Opaque','data':{'a':'MQ=='}}", "s|Opaque|1|<unknown>")]
    [DataRow("namespaces", "{'metadata':{'name':'ns'},'status':{'phase':'Active'}}", "ns|Active|<unknown>")]
    [DataRow("serviceaccounts", "{'metadata':{'name':'default'}}", "default|0|<unknown>")]
    [DataRow("leases", "{'metadata':{'name':'l'},'spec':{'holderIdentity':'me'}}", "l|me|<unknown>")]
    [DataRow("nodes", "{'metadata':{'name':'n1','labels':{'node-role.kubernetes.io/control-plane':''}},"
        + "'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'True'}],"
        + "'addresses':[{'type':'InternalIP','address':'192.168.1.2'}],'nodeInfo':{'kubeletVersion':'v1.32.0',"
        + "'osImage':'Debian','kernelVersion':'6.1','containerRuntimeVersion':'containerd://2.0'}}}",
        "n1|Ready,SchedulingDisabled|control-plane|<unknown>|v1.32.0|192.168.1.2|<none>|Debian|6.1|containerd://2.0")]
    [DataRow("events", "{'metadata':{'name':'web-0.1'},'type':'Normal','reason':'Pulled',"
        + "'involvedObject':{'kind':'Pod','name':'web-0','fieldPath':'spec.containers{app}'},"
        + "'source':{'component':'kubelet','host':'n1'},'message':'Pulled image ','count':4,"
        + "'firstTimestamp':'2025-01-01T11:00:00Z','lastTimestamp':'2025-01-01T11:59:30Z'}",
        "30s|Normal|Pulled|pod/web-0|spec.containers{app}|kubelet, n1|Pulled image|60m|4|web-0.1")]
    [DataRow("widgets", "{'metadata':{'name':'w','creationTimestamp':'2025-01-01T11:59:55Z'}}", "w|5s")]
    public void Render_Kind_CellsAsKubeApiserverPrintsThem(string plural, string json, string expected)
    {
        var table = TableRenderer.Render(Resource(plural), [Parse(json)], Now);

        Assert.AreEqual(expected, string.Join("|", Cells(table)));
        Assert.AreEqual(Cells(table).Length, table["columnDefinitions"]!.AsArray().Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Render_EventsApiEvent_ReadsItsFieldNames()
    {
        var ev = Parse("""
            {"metadata":{"name":"e"},"type":"Warning","reason":"BackOff","regarding":{"kind":"Pod","name":"p"},
             "note":"Back-off","reportingController":"kubelet","reportingInstance":"n1",
             "eventTime":"2025-01-01T11:58:00.000000Z","series":{"count":7,"lastObservedTime":"2025-01-01T11:59:00Z"}}
            """);
        var eventsApi = BuiltInResources.All.Single(r => r.Group == "events.k8s.io");

        var cells = Cells(TableRenderer.Render(eventsApi, [ev], Now));

        Assert.AreEqual("60s|Warning|BackOff|pod/p||kubelet, n1|Back-off|2m|7|e", string.Join("|", cells));
    }

    private static JsonObject Pod(string status) => Parse($$"""
        {"metadata":{"name":"web-0","namespace":"default","creationTimestamp":"2025-01-01T11:50:00Z"},
         "spec":{"containers":[{"name":"app","image":"nginx"}]},"status":{{status}}}
        """);

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("{'minAvailable':3}", "web|3|N/A|1|5m")]
    [DataRow("{'maxUnavailable':'25%'}", "web|N/A|25%|1|5m")]
    public void Render_PodDisruptionBudget_ColumnsAsKubectlPrintsThem(string spec, string cells)
    {
        var budget = JsonNode.Parse(
            ("{'metadata':{'name':'web','namespace':'default','creationTimestamp':'2025-01-01T11:55:00Z'}," +
             "'status':{'disruptionsAllowed':1}}").Replace('\'', '"'))!.AsObject();
        budget["spec"] = JsonNode.Parse(spec.Replace('\'', '"'));

        var table = Render("poddisruptionbudgets", budget);

        Assert.AreEqual("Name|Min Available|Max Unavailable|Allowed Disruptions|Age",
            string.Join("|", table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"])));
        Assert.AreEqual(cells, string.Join("|", table["rows"]![0]!["cells"]!.AsArray().Select(c => c!.ToString())));
    }

    private static JsonObject Render(string plural, JsonObject obj) =>
        TableRenderer.Render(Resource(plural), [obj], Now);

    private static ResourceDefinition Resource(string plural) =>
        BuiltInResources.All.FirstOrDefault(r => r.Plural == plural && r.Group != "events.k8s.io")
        ?? new ResourceDefinition("example.com", "v1", plural, plural, "Widget", true);

    private static string[] Cells(JsonObject table) =>
        table["rows"]![0]!["cells"]!.AsArray().Select(c => c!.ToString()).ToArray();

    private static string[] ColumnNames(JsonObject table) => table["columnDefinitions"]!.AsArray()
        .Select(c => $"{c!["name"]}:{c["priority"]}").ToArray();

    private static JsonObject Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'))!.AsObject();
}
