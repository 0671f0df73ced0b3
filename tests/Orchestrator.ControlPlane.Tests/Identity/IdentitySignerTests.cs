using Microsoft.Extensions.Time.Testing;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.ControlPlane.Tests.Identity;

[TestClass]
public sealed class IdentitySignerTests
{
    private static readonly byte[] Key = Enumerable.Range(1, IdentitySigner.KeyLength).Select(i => (byte)i).ToArray();
    private static readonly CallerIdentity Admin = new("admin", ["system:masters", "system:authenticated"]);

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("same request", 0, "admin", "system:masters", "GET", "/api/v1/pods", IdentityVerdict.Valid)]
    [DataRow("four minutes later", 240, "admin", "system:masters", "GET", "/api/v1/pods", IdentityVerdict.Valid)]
    [DataRow("six minutes later", 360, "admin", "system:masters", "GET", "/api/v1/pods", IdentityVerdict.Expired)]
    [DataRow("other user", 0, "mallory", "system:masters", "GET", "/api/v1/pods", IdentityVerdict.BadSignature)]
    [DataRow("fewer groups", 0, "admin", "", "GET", "/api/v1/pods", IdentityVerdict.BadSignature)]
    [DataRow("other method", 0, "admin", "system:masters", "DELETE", "/api/v1/pods", IdentityVerdict.BadSignature)]
    [DataRow("other path", 0, "admin", "system:masters", "GET", "/api/v1/secrets", IdentityVerdict.BadSignature)]
    public void Verify_ChangedRequest_GivesVerdict(
        string scenario, int secondsLater, string user, string firstGroup, string method, string path,
        IdentityVerdict expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var signer = new IdentitySigner(Key, time);
        var proof = signer.Sign(Admin, "GET", "/api/v1/pods");
        time.Advance(TimeSpan.FromSeconds(secondsLater));
        string[] groups = firstGroup.Length == 0 ? ["system:authenticated"] : [firstGroup, "system:authenticated"];

        var verdict = signer.Verify(new CallerIdentity(user, groups), proof, method, path);

        Assert.AreEqual(expected, verdict, scenario);
    }

    [TestMethod]
    [TestCategory("Unit")]
    [DataRow("", IdentityVerdict.MalformedTimestamp)]
    [DataRow("-5", IdentityVerdict.MalformedTimestamp)]
    [DataRow("soon", IdentityVerdict.MalformedTimestamp)]
    [DataRow("1767225600", IdentityVerdict.BadSignature)]
    public void Verify_ForgedProof_IsRejected(string timestamp, IdentityVerdict expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var signer = new IdentitySigner(Key, time);

        var verdict = signer.Verify(Admin, new SignedIdentity(timestamp, "AAAA"), "GET", "/api");

        Assert.AreEqual(expected, verdict);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Verify_OtherKey_IsRejected()
    {
        var proof = new IdentitySigner(Key, TimeProvider.System).Sign(Admin, "GET", "/api");
        var otherKey = Key.Select(b => (byte)(b ^ 0xff)).ToArray();

        var verdict = new IdentitySigner(otherKey, TimeProvider.System).Verify(Admin, proof, "GET", "/api");

        Assert.AreEqual(IdentityVerdict.BadSignature, verdict);
    }

    [TestMethod]
    [TestCategory("Unit")]
    public void Sign_GroupsSplitDifferently_GiveDifferentSignatures()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var signer = new IdentitySigner(Key, time);

        var joined = signer.Sign(new CallerIdentity("a", ["bc"]), "GET", "/api");
        var split = signer.Sign(new CallerIdentity("ab", ["c"]), "GET", "/api");

        Assert.AreNotEqual(joined.Signature, split.Signature);
    }
}
