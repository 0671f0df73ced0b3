using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Orchestrator.Store.Errors;

namespace Orchestrator.Store.Postgres;

/// <summary>
/// Where the next page of a list starts: the snapshot's revision (0: the latest, for a continuation after the
/// snapshot expired) and the key of the last object already returned. Opaque to clients.
/// </summary>
internal sealed record ContinueToken(long Revision, string Namespace, string Name)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new TokenBody(Revision, Namespace, Name));
        return Base64Url.EncodeToString(json);
    }

    public static ContinueToken Decode(string token)
    {
        try
        {
            var body = JsonSerializer.Deserialize<TokenBody>(Base64Url.DecodeFromChars(token));
            if (body is { Rv: >= 0, Ns: not null, N: not null })
            {
                return new ContinueToken(body.Rv, body.Ns, body.N);
            }
        }
        catch (Exception error) when (error is FormatException or JsonException)
        {
            // Reported below as one message.
        }

        throw new InvalidRequestException($"invalid continue token \"{Truncate(token)}\"");
    }

    private static string Truncate(string token) => token.Length <= 40 ? token : token[..40] + "…";

    private sealed record TokenBody(long Rv, string Ns, string N);
}
