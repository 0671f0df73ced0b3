using Orchestrator.Benchmarks.Scheduler;
using Orchestrator.Benchmarks.Store;

return args.FirstOrDefault() switch
{
    "store" when args.Length >= 2 => await StoreBenchmark.RunAsync(args[1]),
    "scheduler" when args.Length >= 4 => await SchedulerBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Orchestrator.Benchmarks store <connection string>");
    Console.Error.WriteLine("       Orchestrator.Benchmarks scheduler <connection string> <control-plane dll> " +
        "<node-agent dll> [--nodes N] [--pods M] [--deadline-minutes T]");
    return 2;
}
