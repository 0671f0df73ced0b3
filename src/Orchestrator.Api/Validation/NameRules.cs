using System.Text.RegularExpressions;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Kubernetes' rules for names, label keys and values, config keys and ports. Each returns the reasons a value
/// breaks the rule, worded as Kubernetes words them, and is empty for a good value.
/// </summary>
public static partial class NameRules
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;

    private const string LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string SubdomainFormat = LabelFormat + "(\\." + LabelFormat + ")*";
    private const string Dns1035Format = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string ConfigKeyFormat = "[-._a-zA-Z0-9]+";

    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', " +
        "and must start and end with an alphanumeric character";

    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLength(Dns1123SubdomainMaxLength));
        }

        if (!SubdomainPattern().IsMatch(value))
        {
            errors.Add(RegexMessage(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', " +
                "and must start and end with an alphanumeric character", SubdomainFormat, "example.com"));
        }

        return errors;
    }

    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123LabelMaxLength)
        {
            errors.Add(MaxLength(Dns1123LabelMaxLength));
        }

        if (!LabelPattern().IsMatch(value))
        {
            errors.Add(SubdomainPattern().IsMatch(value)
                ? "must not contain dots"
                : RegexMessage(
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', " +
                    "and must start and end with an alphanumeric character", LabelFormat, "my-name", "123-abc"));
        }

        return errors;
    }

    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123LabelMaxLength)
        {
            errors.Add(MaxLength(Dns1123LabelMaxLength));
        }

        if (!Dns1035Pattern().IsMatch(value))
        {
            errors.Add(RegexMessage(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
                "alphabetic character, and end with an alphanumeric character", Dns1035Format, "my-name", "abc-123"));
        }

        return errors;
    }

    /// <summary>
    /// A label or annotation key: a name of up to 63 characters with an optional DNS subdomain prefix.
    /// </summary>
    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(Dns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                errors.Add("a qualified name " +
                    RegexMessage(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > Dns1123LabelMaxLength)
        {
            errors.Add("name part " + MaxLength(Dns1123LabelMaxLength));
        }

        if (!QualifiedNamePattern().IsMatch(name))
        {
            errors.Add("name part " +
                RegexMessage(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    public static IReadOnlyList<string> LabelValue(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123LabelMaxLength)
        {
            errors.Add(MaxLength(Dns1123LabelMaxLength));
        }

        if (!LabelValuePattern().IsMatch(value))
        {
            errors.Add(RegexMessage(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
                "and must start and end with an alphanumeric character", LabelValueFormat,
                "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    /// <summary>A key of a ConfigMap's or Secret's data.</summary>
    public static IReadOnlyList<string> ConfigKey(string value)
    {
        var errors = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            errors.Add(MaxLength(Dns1123SubdomainMaxLength));
        }

        if (!ConfigKeyPattern().IsMatch(value))
        {
            errors.Add(RegexMessage("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
                ConfigKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }

        if (value == ".")
        {
            errors.Add("must not be '.'");
        }
        else if (value == "..")
        {
            errors.Add("must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add("must not start with '..'");
        }

        return errors;
    }

    /// <summary>A named port (IANA service name): up to 15 characters, a letter among them, single hyphens.</summary>
    public static IReadOnlyList<string> PortName(string value)
    {
        var errors = new List<string>();
        if (value.Length > 15)
        {
            errors.Add(MaxLength(15));
        }

        if (!PortNameCharsPattern().IsMatch(value))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!value.Any(char.IsAsciiLetterLower))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (value.Length > 0 && (value[0] == '-' || value[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    public static IReadOnlyList<string> PortNumber(long value) =>
        value is >= 1 and <= 65535 ? [] : ["must be between 1 and 65535, inclusive"];

    /// <summary>
    /// What a <c>generateName</c> prefix is checked as: Kubernetes swaps the last two characters of a prefix that
    /// ends in a dash for an <c>a</c>, since the generated suffix will follow the dash.
    /// </summary>
    public static string WithoutTrailingDash(string prefix) =>
        prefix.Length > 1 && prefix[^1] == '-' ? prefix[..^2] + "a" : prefix;

    private static string MaxLength(int length) => $"must be no more than {length} characters";

    private static string RegexMessage(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return $"{message} (regex used for validation is '{format}')";
        }

        return $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}" +
            $"regex used for validation is '{format}')";
    }

    [GeneratedRegex("^" + LabelFormat + "\\z")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("^" + SubdomainFormat + "\\z")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex("^" + Dns1035Format + "\\z")]
    private static partial Regex Dns1035Pattern();

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z")]
    private static partial Regex QualifiedNamePattern();

    [GeneratedRegex("^" + LabelValueFormat + "\\z")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex("^" + ConfigKeyFormat + "\\z")]
    private static partial Regex ConfigKeyPattern();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharsPattern();
}
