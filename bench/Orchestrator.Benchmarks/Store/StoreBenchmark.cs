using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Store;
using Orchestrator.Store.Objects;
using Orchestrator.Store.Postgres;
using Orchestrator.Store.Schema;

namespace Orchestrator.Benchmarks.Store;

/// <summary>
/// The object store against raw PostgreSQL on the same server: creates and updates per second with concurrent
/// writers, list latency over 3,000 objects, watch delivery latency; and, as the baseline, single-row
/// INSERT+COMMIT per second with the same number of connections.
/// </summary>
internal static class StoreBenchmark
{
    private const int Writers = 16;
    private const int Objects = 3000;
    private const int Updates = 6000;
    private const int Lists = 60;
    private const int WatchSamples = 500;

    public static async Task<int> RunAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = Writers + 8,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
        };
        await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).ApplyAsync(dataSource, default);
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var store = new PostgresObjectStore(
            dataSource, new StoreOptions(), TimeProvider.System, logging.CreateLogger<PostgresObjectStore>());

        var rawPerSecond = await MeasureRawInsertsAsync(dataSource);
        var createsPerSecond = await MeasureAsync(Objects, i => store.CreateAsync(Key(i), Pod(i), default));
        var updatesPerSecond = await MeasureAsync(Updates, i => store.GuaranteedUpdateAsync(Key(i % Objects), c =>
        {
            var next = c.ToJsonObject();
            next["status"]!["phase"] = $"Running-{i}";
            return next;
        }, default));
        var listMilliseconds = await MeasureListsAsync(store);
        var watchMilliseconds = await MeasureWatchAsync(store);

        Console.WriteLine($"writers: {Writers} concurrent, objects: {Objects} pods of ~1 KiB");
        Console.WriteLine($"store creates/s:            {createsPerSecond:F0}");
        Console.WriteLine($"store updates/s:            {updatesPerSecond:F0}");
        Console.WriteLine($"list of {Objects} objects:      {Percentiles.Describe(listMilliseconds)}");
        Console.WriteLine($"watch delivery:             {Percentiles.Describe(watchMilliseconds)}");
        Console.WriteLine($"raw INSERT+COMMIT/s:        {rawPerSecond:F0} (baseline, {Writers} connections)");
        Console.WriteLine($"ratio creates/s ÷ raw INSERT+COMMIT/s: {createsPerSecond / rawPerSecond:F2}");
        return 0;
    }

    private static async Task<double> MeasureRawInsertsAsync(NpgsqlDataSource dataSource)
    {
        await using (var create = dataSource.CreateCommand(
            "CREATE TABLE IF NOT EXISTS bench_raw (id bigint PRIMARY KEY, data jsonb NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        var payload = Pod(0).ToJsonString();
        return await MeasureAsync(Objects, async i =>
        {
            await using var insert =
                dataSource.CreateCommand("INSERT INTO bench_raw (id, data) VALUES ($1, $2::jsonb)");
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = i });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
            await insert.ExecuteNonQueryAsync();
        });
    }

    private static async Task<double> MeasureAsync(int count, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await operation(i);
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<List<double>> MeasureListsAsync(PostgresObjectStore store)
    {
        var samples = new List<double>();
        for (var i = 0; i < Lists; i++)
        {
            var clock = Stopwatch.StartNew();
            var list = await store.ListAsync(new ListRequest("core/pods"), default);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (list.Items.Count != Objects)
            {
                throw new InvalidOperationException($"listed {list.Items.Count} objects, expected {Objects}");
            }
        }

        return samples;
    }

    private static async Task<List<double>> MeasureWatchAsync(PostgresObjectStore store)
    {
        // Each write marks its object with its sample number; the watcher reads the mark back.
        var sentAt = new long[WatchSamples];
        var samples = new List<double>();
        using var stop = new CancellationTokenSource();
        var start = await store.GetRevisionAsync(default);
        var received = new TaskCompletionSource();
        var watcher = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in store.WatchAsync(new WatchRequest("core/pods", start), stop.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    var mark = change.Object.Object["status"]?["mark"]?.GetValue<int>();
                    if (mark is { } i)
                    {
                        samples.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref sentAt[i]), now).TotalMilliseconds);
                    }

                    if (samples.Count >= WatchSamples)
                    {
                        received.TrySetResult();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        for (var i = 0; i < WatchSamples; i++)
        {
            var current = await store.GetAsync(Key(i), default);
            var next = current!.ToJsonObject();
            next["status"]!["mark"] = i;
            Volatile.Write(ref sentAt[i], Stopwatch.GetTimestamp());
            await store.UpdateAsync(current, next, default);
            await Task.Delay(2);
        }

        await received.Task.WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        await watcher;
        return samples;
    }

    private static ObjectKey Key(int i) => new("core/pods", $"ns-{i % 10}", $"pod-{i:D5}");

    private static JsonObject Pod(int i) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = $"pod-{i:D5}",
            ["namespace"] = $"ns-{i % 10}",
            ["labels"] = new JsonObject { ["app"] = $"app-{i % 7}", ["pod-template-hash"] = "5d8f9c7b6d" },
        },
        ["spec"] = new JsonObject
        {
            ["nodeName"] = $"node-{i % 50}",
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = "docker.io/library/busybox:1.36",
                ["command"] = new JsonArray("sh", "-c", "sleep 3600"),
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = "100m", ["memory"] = "64Mi" },
                },
            }),
            ["restartPolicy"] = "Always",
            ["terminationGracePeriodSeconds"] = 30,
        },
        ["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "Burstable" },
    };
}
