using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Orchestrator.Api.Resources;
using Orchestrator.Api.Server;
using Orchestrator.Api.Tables;

namespace Orchestrator.Api.Watching;

/// <summary>
/// The response of a watch: HTTP 200 with one JSON event per line, flushed as each is written, never buffered.
/// Objects go out as themselves or, when the client asked for Tables, as one-row Tables. Bookmarks, when allowed,
/// carry the revision up to which the watch has delivered everything.
/// </summary>
public sealed class WatchStream(
    HttpContext context, ResourceDefinition resource, ResponseForm form, bool allowBookmarks, TimeProvider time)
{
    private static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(30);
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly SemaphoreSlim _writing = new(1, 1);
    private bool _first = true;
    private long _caughtUp;
    private long _lastBookmark;

    public async Task StartAsync()
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = 200;
        context.Response.ContentType = form == ResponseForm.Table
            ? ResponseWriter.TableContentType
            : ResponseWriter.JsonContentType;
        context.Response.Headers.CacheControl = "no-cache, private";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public Task WriteAsync(string type, JsonObject obj, CancellationToken cancellationToken)
    {
        JsonNode rendered = form == ResponseForm.PartialMetadata ? TableRenderer.PartialObjectMetadata(obj) : obj;
        if (form == ResponseForm.Table)
        {
            var table = TableRenderer.Render(resource, [obj], time.GetUtcNow(), _first);
            table["metadata"] = new JsonObject
            {
                ["resourceVersion"] = obj["metadata"]?["resourceVersion"]?.DeepClone(),
            };
            rendered = table;
        }

        _first = false;
        return WriteEventAsync(type, rendered, cancellationToken);
    }

    public Task WriteErrorAsync(JsonObject status, CancellationToken cancellationToken) =>
        WriteEventAsync("ERROR", status, cancellationToken);

    public Task WriteBookmarkAsync(long revision, bool initialEventsEnd, CancellationToken cancellationToken)
    {
        var metadata = new JsonObject
        {
            ["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        Interlocked.Exchange(ref _lastBookmark, revision);
        return WriteEventAsync(
            "BOOKMARK",
            new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = metadata },
            cancellationToken);
    }

    /// <summary>Notes that every change up to the revision has been delivered.</summary>
    public void NoteCaughtUp(long revision) => Interlocked.Exchange(ref _caughtUp, revision);

    /// <summary>Sends a bookmark on an interval while the watch waits, when it moved on since the last one.</summary>
    public IAsyncDisposable? StartBookmarks(CancellationToken cancellationToken)
    {
        if (!allowBookmarks)
        {
            return null;
        }

        var timer = new PeriodicTimer(BookmarkInterval, time);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var revision = Interlocked.Read(ref _caughtUp);
                    if (revision > Interlocked.Read(ref _lastBookmark))
                    {
                        await WriteBookmarkAsync(revision, false, cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The watch ended.
            }
            catch (IOException)
            {
                // The client left.
            }
        }, CancellationToken.None);
        return new TimerDisposer(timer);
    }

    private async Task WriteEventAsync(string type, JsonNode obj, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ResponseWriter.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            obj.WriteTo(writer);
            writer.WriteEndObject();
        }

        buffer.Write(NewLine);
        var line = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await context.Response.Body.WriteAsync(line, cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    private sealed class TimerDisposer(PeriodicTimer timer) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            timer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
