using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Tests.Validation;

[TestClass]
public sealed class ObjectValidatorTests
{
    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric " +
        "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex " +
        "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string Label = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or " +
        "'-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for " +
        "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', " +
        "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', " +
        "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string LabelValue = "a valid label must be an empty string or consist of alphanumeric " +
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or " +
        "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string ConfigKey = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' " +
        "(e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

    private const string ValidPod =
        "{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':[{'name':'app','image':'nginx'," +
        "'imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Always'," +
        "'dnsPolicy':'ClusterFirst'}}";

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("pods", "{'metadata':{'namespace':'default'}}", "metadata.name",
        "FieldValueRequired", "Required value: name or generateName is required")]
    [DataRow("pods", "{'metadata':{'name':'Web_1','namespace':'default'}}", "metadata.name",
        "FieldValueInvalid", "Invalid value: \"Web_1\": " + Subdomain)]
    [DataRow("configmaps", "{'metadata':{'generateName':'Web-','namespace':'default'}}", "metadata.generateName",
        "FieldValueInvalid", "Invalid value: \"Web-\": " + Subdomain)]
    [DataRow("namespaces", "{'metadata':{'name':'a.b'}}", "metadata.name",
        "FieldValueInvalid", "Invalid value: \"a.b\": must not contain dots")]
    [DataRow("namespaces", "{'metadata':{'name':'-ns'}}", "metadata.name",
        "FieldValueInvalid", "Invalid value: \"-ns\": " + Label)]
    [DataRow("services", "{'metadata':{'name':'1web','namespace':'default'},'spec':{'type':'ClusterIP'," +
        "'sessionAffinity':'None','ports':[{'port':80,'protocol':'TCP'}]}}", "metadata.name",
        "FieldValueInvalid", "Invalid value: \"1web\": " + Dns1035)]
    [DataRow("configmaps", "{'metadata':{'name':'cm'}}", "metadata.namespace",
        "FieldValueRequired", "Required value")]
    [DataRow("configmaps", "{'metadata':{'name':'cm','namespace':'default','labels':{'app':'-bad'}}}",
        "metadata.labels", "FieldValueInvalid", "Invalid value: \"-bad\": " + LabelValue)]
    [DataRow("configmaps", "{'metadata':{'name':'cm','namespace':'default','labels':{'a/b/c':'x'}}}",
        "metadata.labels", "FieldValueInvalid", "Invalid value: \"a/b/c\": a qualified name must consist of " +
        "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. " +
        "'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
        "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' " +
        "(e.g. 'example.com/MyName')")]
    [DataRow("configmaps", "{'metadata':{'name':'cm','namespace':'default'},'data':{'a b':'x'}}",
        "data[a b]", "FieldValueInvalid", "Invalid value: \"a b\": " + ConfigKey)]
    [DataRow("configmaps", "{'metadata':{'name':'cm','namespace':'default'},'data':{'..a':'x'}}",
        "data[..a]", "FieldValueInvalid", "Invalid value: \"..a\": must not start with '..'")]
    [DataRow("secrets", "{'metadata':{'name':'s','namespace':'default'},'type':'kubernetes.io/tls','data':{}}",
        "data[tls.crt]", "FieldValueRequired", "Required value")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[]," +
        "'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}", "spec.containers",
        "FieldValueRequired", "Required value")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'app'," +
        "'imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Always'," +
        "'dnsPolicy':'ClusterFirst'}}", "spec.containers[0].image", "FieldValueRequired", "Required value")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'app'," +
        "'image':'a','imagePullPolicy':'Always','terminationMessagePolicy':'File'},{'name':'app','image':'b'," +
        "'imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Always'," +
        "'dnsPolicy':'ClusterFirst'}}", "spec.containers[1].name", "FieldValueDuplicate", "Duplicate value: \"app\"")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'app'," +
        "'image':'a','imagePullPolicy':'Always','terminationMessagePolicy':'File','ports':[{'containerPort':70000," +
        "'protocol':'TCP'}]}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}",
        "spec.containers[0].ports[0].containerPort", "FieldValueInvalid",
        "Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'app'," +
        "'image':'a','imagePullPolicy':'Sometimes','terminationMessagePolicy':'File'}],'restartPolicy':'Always'," +
        "'dnsPolicy':'ClusterFirst'}}", "spec.containers[0].imagePullPolicy", "FieldValueNotSupported",
        "Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"")]
    [DataRow("pods", "{'metadata':{'name':'p','namespace':'default'},'spec':{'containers':[{'name':'app'," +
        "'image':'a','imagePullPolicy':'Always','terminationMessagePolicy':'File','volumeMounts':[{'name':'data'," +
        "'mountPath':'/data'}]}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}",
        "spec.containers[0].volumeMounts[0].name", "FieldValueNotFound", "Not found: \"data\"")]
    [DataRow("deployments", "{'metadata':{'name':'d','namespace':'default'},'spec':{'replicas':-1," +
        "'strategy':{'type':'RollingUpdate'},'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':" +
        "{'labels':{'app':'d'}},'spec':{'containers':[{'name':'app','image':'a','imagePullPolicy':'Always'," +
        "'terminationMessagePolicy':'File'}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}}}",
        "spec.replicas", "FieldValueInvalid", "Invalid value: -1: must be greater than or equal to 0")]
    [DataRow("deployments", "{'metadata':{'name':'d','namespace':'default'},'spec':{'strategy':{'type':" +
        "'RollingUpdate'},'template':{'spec':{'containers':[{'name':'app','image':'a','imagePullPolicy':'Always'," +
        "'terminationMessagePolicy':'File'}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}}}",
        "spec.selector", "FieldValueRequired", "Required value")]
    [DataRow("replicasets", "{'metadata':{'name':'r','namespace':'default'},'spec':{'selector':{'matchLabels':" +
        "{'app':'r'}},'template':{'metadata':{'labels':{'app':'x','tier':'y'}},'spec':{'containers':[{'name':'app'," +
        "'image':'a','imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Always'," +
        "'dnsPolicy':'ClusterFirst'}}}}", "spec.template.metadata.labels", "FieldValueInvalid",
        "Invalid value: map[string]string{\"app\":\"x\", \"tier\":\"y\"}: `selector` does not match template `labels`")]
    [DataRow("services", "{'metadata':{'name':'web','namespace':'default'},'spec':{'type':'ClusterIP'," +
        "'sessionAffinity':'None'}}", "spec.ports", "FieldValueRequired", "Required value")]
    [DataRow("services", "{'metadata':{'name':'web','namespace':'default'},'spec':{'type':'Ingress'," +
        "'sessionAffinity':'None','ports':[{'port':80,'protocol':'TCP'}]}}", "spec.type", "FieldValueNotSupported",
        "Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", " +
        "\"NodePort\"")]
    [DataRow("services", "{'metadata':{'name':'web','namespace':'default'},'spec':{'type':'ClusterIP'," +
        "'sessionAffinity':'None','ports':[{'port':80,'protocol':'TCP'},{'name':'b','port':81,'protocol':'TCP'}]}}",
        "spec.ports[0].name", "FieldValueRequired", "Required value")]
    [DataRow("leases", "{'metadata':{'name':'l','namespace':'default'},'spec':{'leaseDurationSeconds':0}}",
        "spec.leaseDurationSeconds", "FieldValueInvalid", "Invalid value: 0: must be greater than 0")]
    [DataRow("events", "{'metadata':{'name':'e','namespace':'default'},'involvedObject':{'kind':'Pod'," +
        "'name':'p','namespace':'other'}}", "involvedObject.namespace", "FieldValueInvalid",
        "Invalid value: \"other\": does not match event.namespace")]
    public void Validate_Create_ReportsKubernetesCause(
        string plural, string json, string field, string reason, string message)
    {
        var causes = ObjectValidator.Validate(Resource(plural), Parse(json), null);

        var cause = causes.FirstOrDefault(c => c.Field == field);
        Assert.IsNotNull(cause, $"no cause on {field}; got: {string.Join("; ", causes)}");
        Assert.AreEqual(reason, cause.Reason);
        Assert.AreEqual(message, cause.Message);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Validate_ManyProblems_ReportsEveryOneAtOnce()
    {
        var pod = Parse("{'metadata':{'name':'Bad_Name','namespace':'default'},'spec':{'containers':[" +
            "{'name':'app','imagePullPolicy':'Always','terminationMessagePolicy':'File'},{'name':'app','image':'x'," +
            "'imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Sometimes'," +
            "'dnsPolicy':'ClusterFirst'}}");

        var fields = ObjectValidator.Validate(Resource("pods"), pod, null).Select(c => c.Field).ToList();

        CollectionAssert.AreEquivalent(
            new[] { "metadata.name", "spec.containers[0].image", "spec.containers[1].name", "spec.restartPolicy" },
            fields);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Validate_ValidPod_NoCauses()
    {
        Assert.AreEqual(0, ObjectValidator.Validate(Resource("pods"), Parse(ValidPod), null).Count);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Validate_AnnotationsOver256KiB_TooLong()
    {
        var obj = Parse("{'metadata':{'name':'cm','namespace':'default'}}");
        obj["metadata"]!["annotations"] = new JsonObject { ["big"] = new string('x', 256 * 1024) };

        var cause = ObjectValidator.Validate(Resource("configmaps"), obj, null).Single();

        Assert.AreEqual("metadata.annotations", cause.Field);
        Assert.AreEqual("FieldValueTooLong", cause.Reason);
        Assert.AreEqual("Too long: may not be more than 262144 bytes", cause.Message);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("pods", ValidPod, "spec.containers[0].image", "'nginx:2'", null, null)]
    [DataRow("pods", ValidPod, "spec.restartPolicy", "'Never'", "spec", "FieldValueForbidden")]
    [DataRow("deployments",
        "{'metadata':{'name':'d','namespace':'default'},'spec':{'strategy':{'type':'RollingUpdate'},'selector':" +
        "{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d','v':'2'}},'spec':{'containers':" +
        "[{'name':'app','image':'a','imagePullPolicy':'Always','terminationMessagePolicy':'File'}]," +
        "'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}}}",
        "spec.selector.matchLabels.v", "'2'", "spec.selector", "FieldValueInvalid")]
    [DataRow("configmaps", "{'metadata':{'name':'cm','namespace':'default'},'immutable':true,'data':{'a':'1'}}",
        "data.a", "'2'", "data", "FieldValueForbidden")]
    [DataRow("secrets", "{'metadata':{'name':'s','namespace':'default'},'type':'Opaque'}",
        "type", "'kubernetes.io/basic-auth'", "type", "FieldValueInvalid")]
    [DataRow("services", "{'metadata':{'name':'web','namespace':'default'},'spec':{'type':'ClusterIP'," +
        "'sessionAffinity':'None','clusterIP':'10.96.0.10','ports':[{'port':80,'protocol':'TCP'}]}}",
        "spec.clusterIP", "'10.96.0.11'", "spec.clusterIPs[0]", "FieldValueInvalid")]
    public void Validate_Update_ImmutableFieldsRejected(
        string plural, string json, string path, string newValue, string? field, string? reason)
    {
        var old = Parse(json);
        var updated = Parse(json);
        var parts = path.Split('.');
        JsonNode target = updated;
        foreach (var part in parts[..^1])
        {
            var index = part.IndexOf('[');
            target = index < 0 ? target[part]! : target[part[..index]]![int.Parse(part[(index + 1)..^1])]!;
        }

        target[parts[^1]] = JsonNode.Parse(newValue.Replace('\'', '"'));

        var causes = ObjectValidator.Validate(Resource(plural), updated, old);

        if (field is null)
        {
            Assert.AreEqual(0, causes.Count, string.Join("; ", causes));
            return;
        }

        var cause = causes.FirstOrDefault(c => c.Field == field);
        Assert.IsNotNull(cause, $"no cause on {field}; got: {string.Join("; ", causes)}");
        Assert.AreEqual(reason, cause.Reason);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Validate_DeploymentSelectorChanged_MessageAsKubectlShowsIt()
    {
        const string Json = "{'metadata':{'name':'d','namespace':'default'},'spec':{'strategy':{'type':" +
            "'RollingUpdate'},'selector':{'matchLabels':{'app':'d'}},'template':{'metadata':{'labels':{'app':'d'}}," +
            "'spec':{'containers':[{'name':'app','image':'a','imagePullPolicy':'Always','terminationMessagePolicy':" +
            "'File'}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst'}}}}";
        var updated = Parse(Json.Replace("'d'}", "'e'}"));

        var cause = ObjectValidator.Validate(Resource("deployments"), updated, Parse(Json))
            .Single(c => c.Field == "spec.selector");

        Assert.AreEqual("Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"e\"}, " +
            "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", cause.Message);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("web", "")]
    [DataRow("web-", "")]
    [DataRow("Web", Subdomain)]
    public void ValidateName_GenerateNamePrefix_TrailingDashAllowed(string prefix, string expected)
    {
        var messages = ObjectValidator.ValidateName(Resource("pods"), prefix, isPrefix: true);

        Assert.AreEqual(expected, string.Join("; ", messages));
    }

    private static ResourceDefinition Resource(string plural) =>
        BuiltInResources.All.First(r => r.Plural == plural && r.Group != "events.k8s.io");

    private static JsonObject Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'))!.AsObject();
}
