using System.Runtime.InteropServices;
using Orchestrator.NodeAgent.Node;

namespace Orchestrator.NodeAgent.Tests.Node;

[TestClass]
[TestCategory("Unit")]
public sealed class MachineFactsTests
{
    [TestMethod]
    [DataRow("MemTotal:       24591192 kB\nMemFree:         1000 kB\n", 24_591_192L * 1024)]
    [DataRow("MemFree: 1 kB\nMemTotal: 2048 kB\n", 2048L * 1024)]
    [DataRow("MemFree: 1 kB\n", 0L)]
    [DataRow("", 0L)]
    public void ParseMemTotal_Meminfo_Bytes(string meminfo, long expected) =>
        Assert.AreEqual(expected, MachineFacts.ParseMemTotal(meminfo));

    [TestMethod]
    [DataRow("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n",
        "Debian GNU/Linux 12 (bookworm)")]
    [DataRow("PRETTY_NAME=Alpine\n", "Alpine")]
    [DataRow("", "Linux")]
    public void ParseOsImage_OsRelease_PrettyName(string osRelease, string expected) =>
        Assert.AreEqual(expected, MachineFacts.ParseOsImage(osRelease));

    [TestMethod]
    [DataRow(Architecture.X64, "amd64")]
    [DataRow(Architecture.Arm64, "arm64")]
    public void ArchitectureName_Architecture_GoArch(Architecture architecture, string expected) =>
        Assert.AreEqual(expected, MachineFacts.ArchitectureName(architecture));

    [TestMethod]
    public void DefaultRouteInterface_RouteTable_InterfaceOfDestinationZero()
    {
        const string routes =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n" +
            "cni0\t0000F40A\t00000000\t0001\t0\t0\t0\t0000FFFF\n" +
            "eth0\t00000000\t010011AC\t0003\t0\t0\t0\t00000000\n";

        Assert.AreEqual("eth0", MachineFacts.DefaultRouteInterface(routes));
        Assert.IsNull(MachineFacts.DefaultRouteInterface(routes.Split('\n')[0]));
    }
}
