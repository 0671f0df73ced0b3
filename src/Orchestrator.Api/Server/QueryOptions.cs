using Microsoft.AspNetCore.Http;

namespace Orchestrator.Api.Server;

/// <summary>Typed access to a request's query parameters, with Kubernetes' errors for malformed values.</summary>
public sealed class QueryOptions(IQueryCollection query)
{
    public string? Get(string name) => query.TryGetValue(name, out var values) ? values.ToString() : null;

    public IReadOnlyList<string> GetAll(string name) =>
        query.TryGetValue(name, out var values) ? values.OfType<string>().ToList() : [];

    public bool Has(string name) => query.ContainsKey(name);

    /// <summary>The options kind errors name: CreateOptions, UpdateOptions, PatchOptions or DeleteOptions.</summary>
    public string OptionsKind { get; init; } = "CreateOptions";

    public bool GetBool(string name)
    {
        var value = Get(name);
        return value switch
        {
            null or "" or "false" or "0" or "False" => false,
            "true" or "1" or "True" => true,
            _ => throw ApiErrors.BadRequest($"invalid boolean value \"{value}\" for parameter {name}"),
        };
    }

    public bool? GetOptionalBool(string name) => Has(name) ? GetBool(name) : null;

    public long? GetLong(string name)
    {
        var value = Get(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return long.TryParse(value, out var number)
            ? number
            : throw ApiErrors.BadRequest($"invalid value \"{value}\" for parameter {name}: must be an integer");
    }

    /// <summary>The <c>dryRun</c> parameter: only <c>All</c> is a valid value, as in Kubernetes.</summary>
    public bool IsDryRun
    {
        get
        {
            var values = GetAll("dryRun");
            foreach (var value in values)
            {
                if (value != "All")
                {
                    throw ApiErrors.InvalidOption(OptionsKind, "dryRun",
                        $"Unsupported value: []string{{\"{value}\"}}: supported values: \"All\"");
                }
            }

            return values.Count > 0;
        }
    }
}
