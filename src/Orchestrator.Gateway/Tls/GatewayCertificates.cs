using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.Gateway.Tls;

/// <summary>
/// The gateway's own certificate authority and the serving certificate it signed, kept as PEM files in the data
/// directory (<c>ca.crt</c>, <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c>; keys readable by the owner only).
/// Clients trust <c>ca.crt</c>, so the serving certificate can be reissued without touching their kubeconfig.
/// </summary>
public sealed class GatewayCertificates
{
    public const string AuthorityCertificateFile = "ca.crt";
    public const string AuthorityKeyFile = "ca.key";
    public const string ServerCertificateFile = "server.crt";
    public const string ServerKeyFile = "server.key";

    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3652);
    private static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private GatewayCertificates(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The certificate authority (with its private key).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate (with its private key), signed by <see cref="Authority"/>.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>
    /// The names every serving certificate carries: localhost, the loopback addresses and this machine's host name,
    /// followed by <paramref name="extraNames"/>.
    /// </summary>
    public static IReadOnlyList<string> SubjectNames(IEnumerable<string> extraNames) =>
        new[] { "localhost", "127.0.0.1", "::1", Dns.GetHostName() }
            .Concat(extraNames)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Loads the certificates from <paramref name="dataDirectory"/>, creating what is missing. Idempotent: files
    /// made on an earlier start are reused. The serving certificate is reissued (by the same authority) when it
    /// lacks one of the <paramref name="names"/>, was not signed by the authority, or expires within 30 days.
    /// </summary>
    public static GatewayCertificates LoadOrCreate(string dataDirectory, IReadOnlyList<string> names, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        var now = time.GetUtcNow();

        var authority = TryLoad(dataDirectory, AuthorityCertificateFile, AuthorityKeyFile)
            ?? CreateAuthority(dataDirectory, now);

        var server = TryLoad(dataDirectory, ServerCertificateFile, ServerKeyFile);
        if (server is null || !IsUsable(server, authority, names, now))
        {
            server?.Dispose();
            server = CreateServer(dataDirectory, authority, names, now);
        }

        return new GatewayCertificates(authority, server);
    }

    private static X509Certificate2? TryLoad(string directory, string certificateFile, string keyFile)
    {
        var certificatePath = Path.Combine(directory, certificateFile);
        var keyPath = Path.Combine(directory, keyFile);
        return File.Exists(certificatePath) && File.Exists(keyPath)
            ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
            : null;
    }

    private static X509Certificate2 CreateAuthority(string directory, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orchestrator-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));

        var authority = request.CreateSelfSigned(now.AddMinutes(-5), now + AuthorityLifetime);
        Save(directory, AuthorityCertificateFile, AuthorityKeyFile, authority, key);
        return authority;
    }

    private static X509Certificate2 CreateServer(
        string directory, X509Certificate2 authority, IReadOnlyList<string> names, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=orchestrator-gateway", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(
            authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());

        var notAfter = now + ServerLifetime < authority.NotAfter ? now + ServerLifetime : authority.NotAfter;
        using var issued = request.Create(
            authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        var server = issued.CopyWithPrivateKey(key);
        Save(directory, ServerCertificateFile, ServerKeyFile, server, key);
        return server;
    }

    private static bool IsUsable(
        X509Certificate2 server, X509Certificate2 authority, IReadOnlyList<string> names, DateTimeOffset now)
    {
        if (server.NotAfter.ToUniversalTime() < (now + RenewBefore).UtcDateTime || server.Issuer != authority.Subject)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        if (!chain.Build(server))
        {
            return false;
        }

        var alternativeNames = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (alternativeNames is null)
        {
            return false;
        }

        var dnsNames = alternativeNames.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var addresses = alternativeNames.EnumerateIPAddresses().ToHashSet();
        return names.All(name => IPAddress.TryParse(name, out var address)
            ? addresses.Contains(address)
            : dnsNames.Contains(name));
    }

    private static void Save(
        string directory, string certificateFile, string keyFile, X509Certificate2 certificate, ECDsa key)
    {
        // Both old files go first and the certificate is written last, so an interrupted save leaves no pair that
        // loads: the next start issues a fresh one instead of failing on a key that does not match its certificate.
        var certificatePath = Path.Combine(directory, certificateFile);
        var keyPath = Path.Combine(directory, keyFile);
        File.Delete(certificatePath);
        File.Delete(keyPath);
        OwnerOnlyFile.WriteNew(keyPath, Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }
}
