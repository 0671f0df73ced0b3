using System.Net;
using System.Text;
using Orchestrator.Testing;

namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>
/// An HTTP server on a free port that answers with its name, the Host header and the path it saw: a backend
/// outside the cluster, for Services whose endpoints are written by hand.
/// </summary>
internal sealed class LocalHttpBackend : IDisposable
{
    private readonly HttpListener _listener = new();

    private LocalHttpBackend(string name, int port)
    {
        Port = port;
        _listener.Prefixes.Add($"http://+:{port}/");
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                try
                {
                    var context = await _listener.GetContextAsync();
                    var body = Encoding.UTF8.GetBytes(
                        $"{name} host={context.Request.Headers["Host"]} path={context.Request.Url?.AbsolutePath}");
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
            }
        });
    }

    public int Port { get; }

    public static LocalHttpBackend Start(string name) => new(name, FreePorts.Next());

    public void Dispose() => _listener.Close();
}
