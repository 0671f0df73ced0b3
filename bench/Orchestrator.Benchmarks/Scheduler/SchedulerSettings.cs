using System.Globalization;

namespace Orchestrator.Benchmarks.Scheduler;

/// <summary>
/// What the scheduler benchmark runs: how many simulated nodes, how many pods in how many Deployments, and where
/// the product's programs are. Read from <c>--nodes N --pods M</c> (defaults 5,000 and 50,000).
/// </summary>
internal sealed record SchedulerSettings(
    string ConnectionString, string ControlPlaneProgram, string NodeAgentProgram, int Nodes, int Pods)
{
    /// <summary>Pods per Deployment at full scale; fewer pods make fewer Deployments of the same size.</summary>
    public const int ReplicasPerDeployment = 1000;

    /// <summary>How many Deployments carry the pods: one per 1,000, at least one.</summary>
    public int Deployments => Math.Max(1, (Pods + ReplicasPerDeployment - 1) / ReplicasPerDeployment);

    /// <summary>The replicas of Deployment <paramref name="index"/>; all add up to <see cref="Pods"/>.</summary>
    public int ReplicasOf(int index) => Pods / Deployments + (index < Pods % Deployments ? 1 : 0);

    /// <summary>How long the run may take from the first Deployment until every pod runs.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);

    public static SchedulerSettings Parse(IReadOnlyList<string> args)
    {
        if (args.Count < 3)
        {
            throw new ArgumentException(
                "usage: scheduler <connection string> <control-plane dll> <node-agent dll> [--nodes N] [--pods M] " +
                "[--deadline-minutes T]");
        }

        var nodes = 5000;
        var pods = 50_000;
        var deadline = TimeSpan.FromMinutes(15);
        for (var i = 3; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count
                ? int.Parse(args[i + 1], CultureInfo.InvariantCulture)
                : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--nodes":
                    nodes = value;
                    break;
                case "--pods":
                    pods = value;
                    break;
                case "--deadline-minutes":
                    deadline = TimeSpan.FromMinutes(value);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (nodes < 1 || pods < 1)
        {
            throw new ArgumentException("--nodes and --pods must be at least 1");
        }

        return new SchedulerSettings(args[0], args[1], args[2], nodes, pods) { Deadline = deadline };
    }
}
