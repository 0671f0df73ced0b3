using Orchestrator.Store.Errors;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Tests.Selection;

[TestClass]
[TestCategory("Unit")]
public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web", ["tier"] = "front", ["n"] = "5" };

    [TestMethod]
    [DataRow("", true)]
    [DataRow("app=web", true)]
    [DataRow("app==web", true)]
    [DataRow("app=api", false)]
    [DataRow("app!=api", true)]
    [DataRow("missing!=x", true)]
    [DataRow("app in (web,api)", true)]
    [DataRow("app in (api)", false)]
    [DataRow("app notin (api, batch)", true)]
    [DataRow("missing notin (a)", true)]
    [DataRow("app notin (web)", false)]
    [DataRow("tier", true)]
    [DataRow("missing", false)]
    [DataRow("!missing", true)]
    [DataRow("!tier", false)]
    [DataRow("app=web,tier=front", true)]
    [DataRow("app=web,tier=back", false)]
    [DataRow("  app = web ,  tier  ", true)]
    [DataRow("n>3", true)]
    [DataRow("n<3", false)]
    [DataRow("example.com/role=x", false)]
    [DataRow("app=", false)]
    public void Parse_ValidSelector_MatchesAsKubernetes(string selector, bool expected)
    {
        Assert.AreEqual(expected, LabelSelector.Parse(selector).Matches(Web));
    }

    [TestMethod]
    [DataRow("app in (web", "expected ',' or ')'")]
    [DataRow("app in web", "expected '('")]
    [DataRow("app notin ()", "must not be empty")]
    [DataRow("app ~ web", "found '~'")]
    [DataRow("-app=web", "invalid label key")]
    [DataRow("app=we b", "expected ','")]
    [DataRow("app=-web", "invalid label value")]
    [DataRow("n>x", "must be an integer")]
    [DataRow("app=web,", "expected a label key")]
    [DataRow("UPPER.example.com/app=x", "prefix part")]
    public void Parse_MalformedSelector_ThrowsNamingTheProblem(string selector, string problem)
    {
        var error = Assert.ThrowsExactly<InvalidRequestException>(() => LabelSelector.Parse(selector));
        StringAssert.Contains(error.Message, problem);
    }

    [TestMethod]
    public void ToString_ParsedSelector_RoundTrips()
    {
        var text = "app in (web,api),!canary,tier,env!=prod";
        Assert.AreEqual(text, LabelSelector.Parse(text).ToString());
    }
}
