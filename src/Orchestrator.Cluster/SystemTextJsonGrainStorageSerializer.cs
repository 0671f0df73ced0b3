using System.Text.Json;
using Orleans.Storage;

namespace Orchestrator.Cluster;

/// <summary>
/// Stores grain state as plain System.Text.Json documents: readable in the database, without .NET type names, and
/// tolerant of added members. Every grain state of the product is stored this way from the first row on.
/// </summary>
public sealed class SystemTextJsonGrainStorageSerializer : IGrainStorageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public BinaryData Serialize<T>(T? input) =>
        BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
