using System.Globalization;
using System.Text;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Validation;

/// <summary>
/// Collects field errors as Kubernetes words them: the cause's reason (<c>FieldValueInvalid</c>...), its message
/// (<c>Invalid value: "X": detail</c>, with Go's quoting of the bad value) and the field path.
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<StatusCause> _causes = [];

    public IReadOnlyList<StatusCause> Causes => _causes;

    public void Required(string field, string detail = "") =>
        Add("FieldValueRequired", "Required value", field, detail);

    public void Invalid(string field, string value, string detail) =>
        Add("FieldValueInvalid", "Invalid value: " + Quote(value), field, detail);

    public void Invalid(string field, long value, string detail) =>
        Add("FieldValueInvalid", "Invalid value: " + value.ToString(CultureInfo.InvariantCulture), field, detail);

    /// <summary>An invalid value already written the way Go's <c>%#v</c> writes it (maps, structs).</summary>
    public void InvalidRendered(string field, string rendered, string detail) =>
        Add("FieldValueInvalid", "Invalid value: " + rendered, field, detail);

    public void NotSupported(string field, string value, params string[] supported) =>
        Add("FieldValueNotSupported", "Unsupported value: " + Quote(value), field,
            supported.Length == 0 ? "" : "supported values: " + string.Join(", ", supported.Select(Quote)));

    public void Duplicate(string field, string value) =>
        Add("FieldValueDuplicate", "Duplicate value: " + Quote(value), field, "");

    public void DuplicateRendered(string field, string rendered) =>
        Add("FieldValueDuplicate", "Duplicate value: " + rendered, field, "");

    public void TooLong(string field, int maxLength) =>
        Add("FieldValueTooLong", "Too long", field,
            string.Create(CultureInfo.InvariantCulture,
                $"may not be more than {maxLength} {(maxLength == 1 ? "byte" : "bytes")}"));

    public void Forbidden(string field, string detail) => Add("FieldValueForbidden", "Forbidden", field, detail);

    public void NotFound(string field, string value) =>
        Add("FieldValueNotFound", "Not found: " + Quote(value), field, "");

    /// <summary>A string as Go's <c>%q</c> writes it.</summary>
    public static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private void Add(string reason, string body, string field, string detail) =>
        _causes.Add(new StatusCause(reason, detail.Length == 0 ? body : $"{body}: {detail}", field));
}
