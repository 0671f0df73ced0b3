using System.Security.Cryptography;

namespace Orchestrator.Contracts.Identity;

/// <summary>
/// The key shared by the gateway and the control plane to sign identities: <c>identity.key</c> in the shared data
/// directory, <see cref="IdentitySigner.KeyLength"/> random bytes, readable by the owner only. Whichever process
/// starts first creates it; the others read it.
/// </summary>
public static class IdentityKeyFile
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "identity.key";

    /// <summary>
    /// Reads the key from <paramref name="dataDirectory"/>, creating directory and key if absent. Idempotent and
    /// safe when two processes start at once: the key is written to a temporary file and moved into place without
    /// overwriting, so every process ends up with the same key.
    /// </summary>
    /// <exception cref="InvalidDataException">The file exists but does not hold a key of the right length.</exception>
    public static byte[] LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            OwnerOnlyFile.WriteNew(path, RandomNumberGenerator.GetBytes(IdentitySigner.KeyLength));
        }

        var key = File.ReadAllBytes(path);
        return key.Length == IdentitySigner.KeyLength
            ? key
            : throw new InvalidDataException(
                $"{path} holds {key.Length} bytes; an identity key has {IdentitySigner.KeyLength}. " +
                "Delete it on every process of the region and restart them together");
    }
}
