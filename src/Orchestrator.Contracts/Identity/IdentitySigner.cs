using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Contracts.Identity;

/// <summary>
/// Signs a caller's identity for one request with a key shared by the gateway and the control plane, and verifies
/// such signatures. The signature covers the user, every group in order, the timestamp, the HTTP method and the
/// path, so a signed identity cannot be moved to another request or replayed after <see cref="MaxAge"/>.
/// Thread-safe.
/// </summary>
public sealed class IdentitySigner
{
    /// <summary>The length of the shared key, in bytes.</summary>
    public const int KeyLength = 32;

    private readonly byte[] key;
    private readonly TimeProvider time;

    /// <summary>Creates a signer.</summary>
    /// <param name="key">The shared key, <see cref="KeyLength"/> bytes.</param>
    /// <param name="time">The clock for timestamps.</param>
    /// <param name="maxAge">How far a timestamp may lie from now, either way; default five minutes.</param>
    /// <exception cref="ArgumentException">The key is not <see cref="KeyLength"/> bytes long.</exception>
    public IdentitySigner(ReadOnlySpan<byte> key, TimeProvider time, TimeSpan? maxAge = null)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"The identity key must be {KeyLength} bytes; it is {key.Length}", nameof(key));
        }

        this.key = key.ToArray();
        this.time = time;
        MaxAge = maxAge ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>How far a timestamp may lie from the verifier's clock, either way.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>Signs <paramref name="identity"/> for a request with this method and path, stamped now.</summary>
    public SignedIdentity Sign(CallerIdentity identity, string method, string path)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new SignedIdentity(timestamp, Compute(identity, timestamp, method, path));
    }

    /// <summary>
    /// Checks that <paramref name="proof"/> was made by <see cref="Sign"/> with the same key for exactly this
    /// identity, method and path, less than <see cref="MaxAge"/> ago. Compares in constant time.
    /// </summary>
    public IdentityVerdict Verify(CallerIdentity identity, SignedIdentity proof, string method, string path)
    {
        if (!long.TryParse(proof.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return IdentityVerdict.MalformedTimestamp;
        }

        var age = time.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (Math.Abs(age) > MaxAge.TotalSeconds)
        {
            return IdentityVerdict.Expired;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(identity, proof.Timestamp, method, path));
        var actual = Encoding.ASCII.GetBytes(proof.Signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? IdentityVerdict.Valid
            : IdentityVerdict.BadSignature;
    }

    private string Compute(CallerIdentity identity, string timestamp, string method, string path)
    {
        // Every field is length-prefixed so that no two different field lists give the same message.
        using var message = new MemoryStream();
        Append(message, "orchestrator-identity-v1");
        Append(message, identity.User);
        Append(message, identity.Groups.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var group in identity.Groups)
        {
            Append(message, group);
        }

        Append(message, timestamp);
        Append(message, method.ToUpperInvariant());
        Append(message, path);

        var mac = HMACSHA256.HashData(key, message.ToArray());
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static void Append(MemoryStream message, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(field);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        message.Write(length);
        message.Write(bytes);
    }
}
