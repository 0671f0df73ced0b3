using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Contracts.Identity;
using Orchestrator.ControlPlane.Hosting;

namespace Orchestrator.ControlPlane.Tests.Identity;

[TestClass]
public sealed class IdentityVerificationMiddlewareTests
{
    private const string UnauthorizedBody =
        """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized",""" +
        "\"reason\":\"Unauthorized\",\"code\":401}";

    private static readonly IdentitySigner Signer = new(new byte[IdentitySigner.KeyLength], TimeProvider.System);

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("signed", "/api/v1/pods", true, null, 200, "admin")]
    [DataRow("signed, groups on one line", "/apis/apps/v1", true, "joined", 200, "admin")]
    [DataRow("unsigned resource path", "/api/v1/pods", false, null, 401, null)]
    [DataRow("unsigned discovery", "/apis", false, null, 401, null)]
    [DataRow("signature for another path", "/api/v1/secrets", true, "other-path", 401, null)]
    [DataRow("forged user", "/api/v1/pods", true, "forged-user", 401, null)]
    [DataRow("unsigned health", "/healthz", false, null, 200, "system:anonymous")]
    [DataRow("unsigned openapi", "/openapi/v3", false, null, 200, "system:anonymous")]
    public async Task InvokeAsync_Request_IsAdmittedOrRefused(
        string scenario, string path, bool signed, string? tampering, int expectedStatus, string? expectedUser)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        if (signed)
        {
            Stamp(context.Request, tampering);
        }

        string? seenUser = null;
        var middleware = new IdentityVerificationMiddleware(
            next =>
            {
                seenUser = next.User.Identity?.Name;
                return Task.CompletedTask;
            },
            Signer,
            NullLogger<IdentityVerificationMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.AreEqual(expectedStatus, context.Response.StatusCode, scenario);
        Assert.AreEqual(expectedUser, seenUser, scenario);
        if (expectedStatus == 401)
        {
            Assert.AreEqual("application/json", context.Response.ContentType, scenario);
            Assert.AreEqual(UnauthorizedBody, System.Text.Encoding.UTF8.GetString(
                ((MemoryStream)context.Response.Body).ToArray()), scenario);
        }
        else if (expectedUser == "admin")
        {
            CollectionAssert.AreEqual(
                new[] { "system:masters", "system:authenticated" },
                context.GetCallerIdentity()!.Groups.ToArray(), scenario);
            Assert.IsTrue(context.User.IsInRole("system:masters"), scenario);
        }
    }

    private static void Stamp(HttpRequest request, string? tampering)
    {
        var identity = new CallerIdentity("admin", ["system:masters", "system:authenticated"]);
        var signedPath = tampering == "other-path" ? "/api/v1/pods" : request.Path.Value!;
        var proof = Signer.Sign(identity, request.Method, signedPath);
        request.Headers[IdentityHeaders.User] = tampering == "forged-user" ? "mallory" : identity.User;
        request.Headers[IdentityHeaders.Group] = tampering == "joined"
            ? string.Join(", ", identity.Groups)
            : identity.Groups.ToArray();
        request.Headers[IdentityHeaders.Timestamp] = proof.Timestamp;
        request.Headers[IdentityHeaders.Signature] = proof.Signature;
    }
}
