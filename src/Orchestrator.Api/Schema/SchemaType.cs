namespace Orchestrator.Api.Schema;

/// <summary>The JSON shape of a schema node.</summary>
public enum SchemaType
{
    /// <summary>Anything: preserved as given, never checked for unknown fields.</summary>
    Any,

    /// <summary>An object with named, known properties.</summary>
    Object,

    /// <summary>An object whose keys are free and whose values share one schema (labels, data).</summary>
    Map,

    Array,
    String,
    Integer,
    Number,
    Boolean,

    /// <summary>An integer or a string, such as a port name or a percentage.</summary>
    IntOrString,

    /// <summary>A resource quantity: a string such as <c>500m</c> or <c>1Gi</c> (numbers are accepted).</summary>
    Quantity,

    /// <summary>A timestamp as an RFC 3339 string.</summary>
    DateTime,

    /// <summary>Bytes as a base64 string.</summary>
    Bytes,
}
