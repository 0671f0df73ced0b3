using Microsoft.AspNetCore.Http;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Tests.Server;

[TestClass]
[TestCategory("Unit")]
public sealed class ContentNegotiationTests
{
    [TestMethod]
    [DataRow("", ResponseForm.Json)]
    [DataRow("application/json", ResponseForm.Json)]
    [DataRow("application/json, */*", ResponseForm.Json)]
    [DataRow("application/vnd.kubernetes.protobuf,application/json", ResponseForm.Json)]
    [DataRow("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io," +
        "application/json", ResponseForm.Table)]
    [DataRow("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io", ResponseForm.PartialMetadata)]
    [DataRow("application/yaml", ResponseForm.Yaml)]
    [DataRow("text/html, application/yaml", ResponseForm.Yaml)]
    [DataRow("application/json;as=Widget;v=v1;g=meta.k8s.io, application/json", ResponseForm.Json)]
    public void Negotiate_AcceptHeader_ChoosesFirstProducibleForm(string accept, ResponseForm expected)
    {
        Assert.AreEqual(expected, ContentNegotiation.Negotiate(Request(accept)));
    }

    [TestMethod]
    [DataRow("text/html")]
    [DataRow("application/xml, text/plain")]
    public void Negotiate_NothingProducible_IsNotAcceptable(string accept)
    {
        var error = Assert.ThrowsExactly<ApiException>(() => ContentNegotiation.Negotiate(Request(accept)));

        Assert.AreEqual(406, error.Code);
        Assert.AreEqual("NotAcceptable", error.Reason);
    }

    private static HttpRequest Request(string accept)
    {
        var context = new DefaultHttpContext();
        if (accept.Length > 0)
        {
            context.Request.Headers.Accept = accept;
        }

        return context.Request;
    }
}
