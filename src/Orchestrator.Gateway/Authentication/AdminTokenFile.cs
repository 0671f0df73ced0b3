using System.Security.Cryptography;
using System.Text;
using Orchestrator.Contracts.Identity;

namespace Orchestrator.Gateway.Authentication;

/// <summary>
/// The bootstrap admin token: <c>admin.token</c> in the data directory, 32 random bytes in unpadded base64url,
/// readable by the owner only. Made at the first start and reused afterwards.
/// </summary>
public static class AdminTokenFile
{
    /// <summary>The file's name inside the data directory.</summary>
    public const string FileName = "admin.token";

    /// <summary>Reads the token from <paramref name="dataDirectory"/>, creating it if absent. Idempotent.</summary>
    /// <exception cref="InvalidDataException">The file exists but is empty.</exception>
    public static string LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');
            OwnerOnlyFile.WriteNew(path, Encoding.ASCII.GetBytes(token));
        }

        var stored = File.ReadAllText(path).Trim();
        return stored.Length > 0
            ? stored
            : throw new InvalidDataException($"{path} is empty; delete it to have a new admin token made");
    }
}
