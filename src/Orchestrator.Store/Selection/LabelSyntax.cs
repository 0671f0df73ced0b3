namespace Orchestrator.Store.Selection;

/// <summary>The syntax rules of label keys and values (qualified names, 63-character label values).</summary>
public static class LabelSyntax
{
    private const int MaxNameLength = 63;
    private const int MaxPrefixLength = 253;

    /// <summary>Null when the key is a valid qualified name, else what is wrong with it.</summary>
    public static string? ValidateKey(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > MaxPrefixLength || !IsDnsSubdomain(prefix))
            {
                return "prefix part must be a lowercase RFC 1123 subdomain";
            }
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > MaxNameLength)
        {
            return "name part must be no more than 63 characters";
        }

        return IsQualifiedNamePart(name)
            ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
              "alphanumeric character";
    }

    /// <summary>Null when the value is a valid label value (possibly empty), else what is wrong with it.</summary>
    public static string? ValidateValue(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (value.Length > MaxNameLength)
        {
            return "must be no more than 63 characters";
        }

        return IsQualifiedNamePart(value)
            ? null
            : "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and " +
              "must start and end with an alphanumeric character";
    }

    private static bool IsQualifiedNamePart(string s) =>
        char.IsAsciiLetterOrDigit(s[0]) && char.IsAsciiLetterOrDigit(s[^1]) &&
        s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static bool IsDnsSubdomain(string s) =>
        s.Split('.').All(label => label.Length > 0 && label.Length <= MaxNameLength &&
            (char.IsAsciiLetterLower(label[0]) || char.IsAsciiDigit(label[0])) &&
            (char.IsAsciiLetterLower(label[^1]) || char.IsAsciiDigit(label[^1])) &&
            label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'));
}
