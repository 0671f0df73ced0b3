using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Orchestrator.Api.Formats.Protobuf.Wire;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Formats.Protobuf;

/// <summary>
/// Reads request bodies sent as <c>application/vnd.kubernetes.protobuf</c>, as client-go's typed clients send every
/// write (<c>kubectl create namespace|configmap|deployment…</c>, <c>auth can-i</c>, <c>drain</c>): the magic
/// <c>k8s\0</c>, a <c>runtime.Unknown</c> envelope naming the apiVersion and kind, and the generated
/// <c>k8s.io/api</c> message of that kind. The result is the object as Kubernetes JSON, so the rest of the server
/// never sees protobuf. Pure and thread-safe.
/// </summary>
public static class KubernetesProtobuf
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Whether the body starts with the Kubernetes protobuf magic <c>k8s\0</c>.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>
    /// Decodes a Kubernetes protobuf body into its JSON object: <c>apiVersion</c> and <c>kind</c> from the envelope
    /// first, then the fields under their JSON names, with zero values and empty lists and maps left out as Go's
    /// <c>omitempty</c> leaves them out. Fields this server does not declare are skipped.
    /// </summary>
    /// <exception cref="ApiException">400 BadRequest when the body is not Kubernetes protobuf, is malformed, or
    /// carries a kind this server cannot decode.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!HasMagic(body))
        {
            throw ApiErrors.BadRequest(
                "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        var envelope = Parse(Unknown.Parser, body[Magic.Length..], "envelope");

        var apiVersion = envelope.TypeMeta?.ApiVersion ?? "";
        var kind = envelope.TypeMeta?.Kind ?? "";
        if (kind.Length == 0)
        {
            throw ApiErrors.BadRequest("Object 'Kind' is missing in the protobuf envelope");
        }

        if (envelope.ContentEncoding.Length > 0)
        {
            throw ApiErrors.BadRequest(
                $"unsupported content encoding \"{envelope.ContentEncoding}\" in the protobuf envelope of {kind}");
        }

        // kube-apiserver answers an unregistered kind with 400, not 415: the media type itself is served, and its
        // protobuf serializer reports the unknown kind as a decode error, which the handlers turn into BadRequest.
        if (!ProtobufKinds.TryFind(apiVersion, kind, out var descriptor))
        {
            throw ApiErrors.BadRequest(
                $"no kind \"{kind}\" is registered for version \"{apiVersion}\" in the protobuf decoder; " +
                "send it as application/json instead");
        }

        var message = Parse(descriptor.Parser, envelope.Raw.Span, kind);

        var json = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        try
        {
            ProtobufJson.WriteFields(message, json);
        }
        catch (JsonException e)
        {
            throw ApiErrors.BadRequest(
                $"the protobuf body of {kind} carries an invalid embedded JSON value: {e.Message}");
        }

        return json;
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySpan<byte> bytes, string what)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ApiErrors.BadRequest($"the protobuf body could not be decoded ({what}): {e.Message}");
        }
    }

    private static IMessage Parse(MessageParser parser, ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw ApiErrors.BadRequest($"the protobuf body could not be decoded ({what}): {e.Message}");
        }
    }
}
