using Orchestrator.Store.Errors;
using Orchestrator.Store.Selection;

namespace Orchestrator.Store.Tests.Selection;

[TestClass]
[TestCategory("Unit")]
public sealed class FieldSelectorTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["metadata.name"] = "web-0",
        ["status.phase"] = "Running",
        ["spec.nodeName"] = "",
        ["metadata.annotations.x"] = "a,b=c",
    };

    [TestMethod]
    [DataRow("metadata.name=web-0", true)]
    [DataRow("metadata.name==web-0", true)]
    [DataRow("metadata.name!=web-0", false)]
    [DataRow("status.phase=Running,metadata.name=web-0", true)]
    [DataRow("status.phase=Pending", false)]
    [DataRow("spec.nodeName=", true)]
    [DataRow("spec.missing=", true)]
    [DataRow("spec.nodeName!=", false)]
    [DataRow(@"metadata.annotations.x=a\,b\=c", true)]
    public void Parse_ValidSelector_Matches(string selector, bool expected)
    {
        var parsed = FieldSelector.Parse(selector);
        Assert.AreEqual(expected, parsed.Matches(path => Fields.GetValueOrDefault(string.Join('.', path))));
    }

    [TestMethod]
    [DataRow("metadata.name")]
    [DataRow("=x")]
    [DataRow("metadata.name=a=b")]
    [DataRow(@"metadata.name=a\x")]
    [DataRow("meta data=x")]
    public void Parse_MalformedSelector_Throws(string selector)
    {
        Assert.ThrowsExactly<InvalidRequestException>(() => FieldSelector.Parse(selector));
    }
}
