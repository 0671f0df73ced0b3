using Orchestrator.ControlPlane.Scheduling;

namespace Orchestrator.ControlPlane.Tests.Scheduling;

[TestClass]
public sealed class QuantityTests
{
    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("500m", 500L)]
    [DataRow("2", 2000L)]
    [DataRow("0.5", 500L)]
    [DataRow("1.5k", 1500000L)]
    [DataRow("100u", 1L)]
    [DataRow("250n", 1L)]
    [DataRow("1e3", 1000000L)]
    public void ToMilliUnits_CpuQuantity_GivesMilliCores(string text, long expected) =>
        Assert.AreEqual(expected, Quantity.ToMilliUnits(Quantity.Parse(text)));

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("128Mi", 134217728L)]
    [DataRow("1Ki", 1024L)]
    [DataRow("1Gi", 1073741824L)]
    [DataRow("1Ti", 1099511627776L)]
    [DataRow("1Pi", 1125899906842624L)]
    [DataRow("1Ei", 1152921504606846976L)]
    [DataRow("1G", 1000000000L)]
    [DataRow("1M", 1000000L)]
    [DataRow("2T", 2000000000000L)]
    [DataRow("1P", 1000000000000000L)]
    [DataRow("1E", 1000000000000000000L)]
    [DataRow("1e3", 1000L)]
    [DataRow("1E3", 1000L)]
    [DataRow("12345", 12345L)]
    [DataRow("1500m", 2L)]
    [DataRow("0.5Gi", 536870912L)]
    public void ToUnits_MemoryQuantity_GivesBytes(string text, long expected) =>
        Assert.AreEqual(expected, Quantity.ToUnits(Quantity.Parse(text)));

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("")]
    [DataRow("abc")]
    [DataRow("1Mx")]
    [DataRow("Mi")]
    [DataRow("1e3Mi")]
    [DataRow("1.2.3")]
    public void TryParse_NotAQuantity_ReturnsFalse(string text) =>
        Assert.IsFalse(Quantity.TryParse(text, out _));
}
