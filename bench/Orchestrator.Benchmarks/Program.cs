using Orchestrator.Benchmarks.Store;

return args.FirstOrDefault() switch
{
    "store" when args.Length >= 2 => await StoreBenchmark.RunAsync(args[1]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Orchestrator.Benchmarks store <connection string>");
    return 2;
}
