using Orchestrator.NodeAgent.Pods;

namespace Orchestrator.NodeAgent.Tests.Pods;

[TestClass]
[TestCategory("Unit")]
public sealed class ResourceQuantityTests
{
    [TestMethod]
    [DataRow("500m", 500L)]
    [DataRow("1", 1000L)]
    [DataRow("0.25", 250L)]
    [DataRow("2.5", 2500L)]
    [DataRow("1e3", 1_000_000L)]
    [DataRow("100u", 1L)]
    public void Millis_CpuQuantity_ThousandthsRoundedUp(string text, long expected) =>
        Assert.AreEqual(expected, ResourceQuantity.Millis(text));

    [TestMethod]
    [DataRow("128Mi", 134_217_728L)]
    [DataRow("1Gi", 1_073_741_824L)]
    [DataRow("1G", 1_000_000_000L)]
    [DataRow("64k", 64_000L)]
    [DataRow("100", 100L)]
    [DataRow("1.5Ki", 1536L)]
    public void Units_MemoryQuantity_Bytes(string text, long expected) =>
        Assert.AreEqual(expected, ResourceQuantity.Units(text));

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("Mi")]
    [DataRow("-1")]
    [DataRow("12XB")]
    [DataRow("1e3Mi")]
    public void Parse_NotAQuantity_Null(string? text) => Assert.IsNull(ResourceQuantity.Parse(text));
}
