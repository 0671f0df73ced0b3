using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orchestrator.NodeAgent.Streaming;

namespace Orchestrator.NodeAgent.Tests.Streaming;

[TestClass]
[TestCategory("Unit")]
public sealed class ContainerLogOptionsTests
{
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void FromQuery_AllParameters_Read()
    {
        var options = ContainerLogOptions.FromQuery(
            Query("follow=true&tailLines=5&timestamps=true&previous=true&limitBytes=100&sinceSeconds=60"), Now);

        Assert.IsTrue(options.Follow);
        Assert.AreEqual(5L, options.TailLines);
        Assert.IsTrue(options.Timestamps);
        Assert.IsTrue(options.Previous);
        Assert.AreEqual(100L, options.LimitBytes);
        Assert.AreEqual("2024-05-01T09:59:00.000000000Z", options.Since.ToString());
    }

    [TestMethod]
    public void FromQuery_Nothing_Defaults()
    {
        var options = ContainerLogOptions.FromQuery(Query(""), Now);

        Assert.AreEqual(new ContainerLogOptions(), options);
    }

    [TestMethod]
    public void FromQuery_SinceTime_Parsed() =>
        Assert.AreEqual("2024-05-01T08:00:00.000000000Z",
            ContainerLogOptions.FromQuery(Query("sinceTime=2024-05-01T08:00:00Z"), Now).Since.ToString());

    [TestMethod]
    [DataRow("tailLines=-1")]
    [DataRow("tailLines=x")]
    [DataRow("limitBytes=0")]
    [DataRow("sinceSeconds=0")]
    [DataRow("follow=maybe")]
    [DataRow("sinceTime=yesterday")]
    [DataRow("sinceTime=2024-05-01T08:00:00Z&sinceSeconds=5")]
    public void FromQuery_Invalid_Throws(string query) =>
        Assert.ThrowsExactly<FormatException>(() => ContainerLogOptions.FromQuery(Query(query), Now));

    private static QueryCollection Query(string text) => new(
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text).ToDictionary(p => p.Key, p => p.Value));
}
