using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Gateway.Authentication;
using Orchestrator.Gateway.Tls;

namespace Orchestrator.Gateway.Tests.Tls;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class GatewayCertificatesTests
{
    private string dataDirectory = "";

    [TestInitialize]
    public void CreateDirectory() => dataDirectory = Directory.CreateTempSubdirectory("gateway-certs-").FullName;

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(dataDirectory, recursive: true);

    [TestMethod]
    [TestCategory("Integration")]
    public void LoadOrCreate_SecondStart_ReusesFilesAndKeepsKeysPrivate()
    {
        var names = GatewayCertificates.SubjectNames([]);

        var first = GatewayCertificates.LoadOrCreate(dataDirectory, names, TimeProvider.System);
        var written = File.GetLastWriteTimeUtc(Path.Combine(dataDirectory, GatewayCertificates.ServerCertificateFile));
        var second = GatewayCertificates.LoadOrCreate(dataDirectory, names, TimeProvider.System);

        Assert.AreEqual(first.Authority.Thumbprint, second.Authority.Thumbprint);
        Assert.AreEqual(first.Server.Thumbprint, second.Server.Thumbprint);
        Assert.AreEqual(
            written, File.GetLastWriteTimeUtc(Path.Combine(dataDirectory, GatewayCertificates.ServerCertificateFile)));
        Assert.IsTrue(second.Server.HasPrivateKey);
        foreach (var secret in new[] { GatewayCertificates.AuthorityKeyFile, GatewayCertificates.ServerKeyFile })
        {
            Assert.AreEqual(
                UnixFileMode.UserRead | UnixFileMode.UserWrite,
                File.GetUnixFileMode(Path.Combine(dataDirectory, secret)), secret);
        }
    }

    [TestMethod]
    [TestCategory("Integration")]
    public void LoadOrCreate_ServerCertificate_ChainsToAuthorityAndNamesEveryHost()
    {
        var names = GatewayCertificates.SubjectNames(["gateway.example", "10.1.2.3"]);

        var certificates = GatewayCertificates.LoadOrCreate(dataDirectory, names, TimeProvider.System);

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificates.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.IsTrue(chain.Build(certificates.Server), "the serving certificate must chain to ca.crt");
        foreach (var host in new[] { "localhost", "127.0.0.1", "::1", System.Net.Dns.GetHostName(), "gateway.example" })
        {
            Assert.IsTrue(certificates.Server.MatchesHostname(host), host);
        }

        var alternativeNames = certificates.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        CollectionAssert.Contains(
            alternativeNames.EnumerateIPAddresses().Select(address => address.ToString()).ToList(), "10.1.2.3");
    }

    [TestMethod]
    [TestCategory("Integration")]
    public void LoadOrCreate_NewExtraName_ReissuesServerCertificateFromSameAuthority()
    {
        var first = GatewayCertificates.LoadOrCreate(
            dataDirectory, GatewayCertificates.SubjectNames([]), TimeProvider.System);

        var second = GatewayCertificates.LoadOrCreate(
            dataDirectory, GatewayCertificates.SubjectNames(["added.example"]), TimeProvider.System);

        Assert.AreEqual(first.Authority.Thumbprint, second.Authority.Thumbprint);
        Assert.AreNotEqual(first.Server.Thumbprint, second.Server.Thumbprint);
        Assert.IsTrue(second.Server.MatchesHostname("added.example"));
    }

    [TestMethod]
    [TestCategory("Integration")]
    public void AdminToken_SecondStart_ReusesPrivateFile()
    {
        var first = AdminTokenFile.LoadOrCreate(dataDirectory);
        var second = AdminTokenFile.LoadOrCreate(dataDirectory);

        Assert.AreEqual(first, second);
        Assert.AreEqual(43, first.Length, "32 random bytes in unpadded base64url");
        Assert.AreEqual(
            UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(Path.Combine(dataDirectory, AdminTokenFile.FileName)));
    }
}
