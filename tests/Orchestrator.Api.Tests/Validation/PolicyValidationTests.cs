using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Validation;

namespace Orchestrator.Api.Tests.Validation;

[TestClass]
public sealed class PolicyValidationTests
{
    private const string Percent = "a valid percent string must be a numeric string followed by an ending '%' " +
        "(e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("{'minAvailable':3,'selector':{'matchLabels':{'app':'web'}}}", "")]
    [DataRow("{'maxUnavailable':'25%','selector':{}}", "")]
    [DataRow("{'minAvailable':'100%'}", "")]
    [DataRow("{'minAvailable':1,'maxUnavailable':1}",
        "FieldValueInvalid spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:1, MaxUnavailable:1}: " +
        "minAvailable and maxUnavailable cannot be both set")]
    [DataRow("{'minAvailable':-1}",
        "FieldValueInvalid spec.minAvailable: Invalid value: -1: must be greater than or equal to 0")]
    [DataRow("{'maxUnavailable':'ten'}",
        "FieldValueInvalid spec.maxUnavailable: Invalid value: " +
        "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"ten\"}: " + Percent)]
    [DataRow("{'minAvailable':'150%'}",
        "FieldValueInvalid spec.minAvailable: Invalid value: " +
        "intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%")]
    [DataRow("{'minAvailable':1,'unhealthyPodEvictionPolicy':'Sometimes'}",
        "FieldValueNotSupported spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": " +
        "supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    [DataRow("{'minAvailable':1,'selector':{'matchExpressions':[{'key':'app','operator':'In'}]}}",
        "FieldValueRequired spec.selector.matchExpressions[0].values: Required value: must be specified when " +
        "`operator` is 'In' or 'NotIn'")]
    public void Validate_PodDisruptionBudget_ReportsKubernetesCauses(string spec, string expected)
    {
        var budget = JsonNode.Parse(
            "{'apiVersion':'policy/v1','kind':'PodDisruptionBudget','metadata':{'name':'web','namespace':'ns'}}"
                .Replace('\'', '"'))!.AsObject();
        budget["spec"] = JsonNode.Parse(spec.Replace('\'', '"'));
        var resource = BuiltInResources.All.Single(r => r.Plural == "poddisruptionbudgets");

        var causes = ObjectValidator.Validate(resource, budget, null);

        Assert.AreEqual(expected, string.Join("\n", causes.Select(c => $"{c.Reason} {c.Field}: {c.Message}")));
    }
}
