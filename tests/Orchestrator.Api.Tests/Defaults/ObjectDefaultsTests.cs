using System.Text.Json.Nodes;
using Orchestrator.Api.Defaults;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Tests.Defaults;

[TestClass]
public sealed class ObjectDefaultsTests
{
    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_MinimalPod_GetsKubernetesDefaults()
    {
        var pod = Parse("{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':" +
            "[{'name':'app','image':'nginx','ports':[{'containerPort':80}]}]}}");

        ObjectDefaults.Apply(Resource("pods"), pod);

        var expected = Parse("""
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"containers":[{"name":"app","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
                "imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log",
                "terminationMessagePolicy":"File","resources":{}}],
              "dnsPolicy":"ClusterFirst","restartPolicy":"Always","terminationGracePeriodSeconds":30,
              "schedulerName":"default-scheduler","securityContext":{},"enableServiceLinks":true,
              "preemptionPolicy":"PreemptLowerPriority","priority":0,"serviceAccountName":"default",
              "serviceAccount":"default",
              "tolerations":[
                {"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":300},
                {"effect":"NoExecute","key":"node.kubernetes.io/unreachable","operator":"Exists",
                 "tolerationSeconds":300}]},
             "status":{"phase":"Pending","qosClass":"BestEffort"}}
            """);
        Assert.IsTrue(JsonNode.DeepEquals(expected, pod), pod.ToJsonString());
        Assert.AreEqual(0, ObjectValidator.Validate(Resource("pods"), pod, null).Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_Twice_ChangesNothingTheSecondTime()
    {
        var pod = Parse("{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':" +
            "[{'name':'app','image':'nginx'}]}}");
        ObjectDefaults.Apply(Resource("pods"), pod);
        var once = pod.DeepClone();

        ObjectDefaults.Apply(Resource("pods"), pod);

        Assert.IsTrue(JsonNode.DeepEquals(once, pod), pod.ToJsonString());
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Apply_MinimalDeployment_GetsKubernetesDefaults()
    {
        var deployment = Parse("{'metadata':{'name':'web','namespace':'default'},'spec':{'selector':" +
            "{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':" +
            "[{'name':'app','image':'nginx:1.27'}]}}}}");

        ObjectDefaults.Apply(Resource("deployments"), deployment);

        var expected = Parse("""
            {"metadata":{"name":"web","namespace":"default"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"replicas":1,
              "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}},
              "revisionHistoryLimit":10,"progressDeadlineSeconds":600,
              "template":{"metadata":{"labels":{"app":"web"},"creationTimestamp":null},
               "spec":{"containers":[{"name":"app","image":"nginx:1.27","imagePullPolicy":"IfNotPresent",
                 "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","resources":{}}],
                "dnsPolicy":"ClusterFirst","restartPolicy":"Always","terminationGracePeriodSeconds":30,
                "schedulerName":"default-scheduler","securityContext":{}}}}}
            """);
        Assert.IsTrue(JsonNode.DeepEquals(expected, deployment), deployment.ToJsonString());
        Assert.AreEqual(0, ObjectValidator.Validate(Resource("deployments"), deployment, null).Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("nginx", "Always")]
    [DataRow("nginx:latest", "Always")]
    [DataRow("nginx:1.27", "IfNotPresent")]
    [DataRow("registry:5000/team/app", "Always")]
    [DataRow("registry:5000/team/app:v2", "IfNotPresent")]
    [DataRow("nginx@sha256:abcd", "IfNotPresent")]
    [DataRow("nginx:latest@sha256:abcd", "Always")]
    public void PullPolicy_ByImageTag_AsKubernetes(string image, string expected)
    {
        var pod = Parse("{'spec':{'containers':[{'name':'app'}]}}");
        pod["spec"]!["containers"]![0]!["image"] = image;

        ObjectDefaults.Apply(Resource("pods"), pod);

        Assert.AreEqual(expected, (string?)pod["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("services", "{'metadata':{'name':'web'},'spec':{'ports':[{'port':80}]}}",
        "{'metadata':{'name':'web'},'spec':{'ports':[{'port':80,'protocol':'TCP','targetPort':80}],'type':" +
        "'ClusterIP','sessionAffinity':'None','internalTrafficPolicy':'Cluster','ipFamilies':['IPv4']," +
        "'ipFamilyPolicy':'SingleStack'}}")]
    [DataRow("secrets", "{'metadata':{'name':'s'}}", "{'metadata':{'name':'s'},'type':'Opaque'}")]
    [DataRow("namespaces", "{'metadata':{'name':'team'}}",
        "{'metadata':{'name':'team','labels':{'kubernetes.io/metadata.name':'team'}},'spec':{'finalizers':" +
        "['kubernetes']},'status':{'phase':'Active'}}")]
    [DataRow("replicasets", "{'metadata':{'name':'r'},'spec':{}}", "{'metadata':{'name':'r'},'spec':{'replicas':1}}")]
    [DataRow("configmaps", "{'metadata':{'name':'c'}}", "{'metadata':{'name':'c'}}")]
    public void Apply_Kind_Defaults(string plural, string json, string expectedJson)
    {
        var obj = Parse(json);

        ObjectDefaults.Apply(Resource(plural), obj);

        Assert.IsTrue(JsonNode.DeepEquals(Parse(expectedJson), obj), obj.ToJsonString());
    }

    private static ResourceDefinition Resource(string plural) =>
        BuiltInResources.All.First(r => r.Plural == plural && r.Group != "events.k8s.io");

    private static JsonObject Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'))!.AsObject();
}
