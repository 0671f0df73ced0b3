using System.Text;
using Orchestrator.NodeAgent.Streaming;

namespace Orchestrator.NodeAgent.Tests.Streaming;

/// <summary>The log file reader on real files in a temporary directory: tail, follow, rotation.</summary>
[TestClass]
[TestCategory("Integration")]
public sealed class ContainerLogReaderTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("logs-").FullName;

    private string LogPath => Path.Combine(_directory, "0.log");

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    [DataRow(null, "a\nb\nc\n")]
    [DataRow(0L, "")]
    [DataRow(2L, "b\nc\n")]
    [DataRow(10L, "a\nb\nc\n")]
    public async Task CopyAsync_TailLines_LastLines(long? tail, string expected)
    {
        await File.WriteAllTextAsync(LogPath, Cri("a") + Cri("b") + Cri("c"));

        var output = await CopyAsync(new ContainerLogOptions { TailLines = tail }, running: false);

        Assert.AreEqual(expected, output);
    }

    [TestMethod]
    public async Task CopyAsync_MissingFile_Empty() =>
        Assert.AreEqual("", await CopyAsync(new ContainerLogOptions(), running: false));

    [TestMethod]
    public async Task CopyAsync_FollowWhileRunning_NewLinesAndRotatedFileUntilStopped()
    {
        await File.WriteAllTextAsync(LogPath, Cri("first"));
        var running = true;
        using var output = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var copy = ContainerLogReader.CopyAsync(LogPath, new ContainerLogOptions { Follow = true }, output,
            _ => ValueTask.FromResult(Volatile.Read(ref running)), Poll, timeout.Token);

        await WaitForAsync(output, "first\n");
        await File.AppendAllTextAsync(LogPath, Cri("second") + "2024-05-01T10:00:00Z stdout F spl");
        await WaitForAsync(output, "first\nsecond\n");
        await File.AppendAllTextAsync(LogPath, "it\n");
        await WaitForAsync(output, "first\nsecond\nsplit\n");
        File.Move(LogPath, LogPath + ".20240501");
        await File.WriteAllTextAsync(LogPath, Cri("after rotation"));
        await WaitForAsync(output, "first\nsecond\nsplit\nafter rotation\n");
        await File.AppendAllTextAsync(LogPath, Cri("last"));
        Volatile.Write(ref running, false);
        await copy;

        Assert.AreEqual("first\nsecond\nsplit\nafter rotation\nlast\n", Read(output));
    }

    private async Task<string> CopyAsync(ContainerLogOptions options, bool running)
    {
        using var output = new MemoryStream();
        await ContainerLogReader.CopyAsync(LogPath, options, output, _ => ValueTask.FromResult(running), Poll,
            CancellationToken.None);
        return Read(output);
    }

    private static async Task WaitForAsync(MemoryStream output, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Read(output) != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The followed log never read \"{expected}\"; it read \"{Read(output)}\"");
            }

            await Task.Delay(Poll);
        }
    }

    private static string Read(MemoryStream output)
    {
        lock (output)
        {
            return Encoding.UTF8.GetString(output.ToArray());
        }
    }

    private static string Cri(string line) => $"2024-05-01T10:00:00.000000001Z stdout F {line}\n";
}
