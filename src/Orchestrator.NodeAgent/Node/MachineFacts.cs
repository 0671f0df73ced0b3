using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CpuArchitecture = System.Runtime.InteropServices.Architecture;

namespace Orchestrator.NodeAgent.Node;

/// <summary>
/// What the machine is, as a Node reports it: cpus, memory, operating system image, kernel, architecture, its ids
/// and its address. Read once at start-up from /proc and /etc; the parsers are pure and unit-tested.
/// </summary>
public sealed record MachineFacts(
    int Cpus,
    long MemoryBytes,
    string OsImage,
    string KernelVersion,
    string Architecture,
    string MachineId,
    string BootId,
    string InternalIp)
{
    /// <summary>Reads this machine's facts; <paramref name="internalIp"/> overrides the detected address.</summary>
    public static async Task<MachineFacts> ReadAsync(string? internalIp, CancellationToken cancellationToken)
    {
        var meminfo = await ReadOrEmptyAsync("/proc/meminfo", cancellationToken);
        var osRelease = await ReadOrEmptyAsync("/etc/os-release", cancellationToken);
        var kernel = (await ReadOrEmptyAsync("/proc/sys/kernel/osrelease", cancellationToken)).Trim();
        var machineId = (await ReadOrEmptyAsync("/etc/machine-id", cancellationToken)).Trim();
        var bootId = (await ReadOrEmptyAsync("/proc/sys/kernel/random/boot_id", cancellationToken)).Trim();
        var routes = await ReadOrEmptyAsync("/proc/net/route", cancellationToken);
        return new MachineFacts(
            Environment.ProcessorCount,
            ParseMemTotal(meminfo),
            ParseOsImage(osRelease),
            kernel.Length == 0 ? Environment.OSVersion.Version.ToString() : kernel,
            ArchitectureName(RuntimeInformation.OSArchitecture),
            machineId,
            bootId,
            internalIp ?? DefaultRouteAddress(routes) ?? IPAddress.Loopback.ToString());
    }

    /// <summary>MemTotal of /proc/meminfo in bytes, 0 when absent.</summary>
    public static long ParseMemTotal(string meminfo)
    {
        foreach (var line in meminfo.Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "MemTotal:" &&
                long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                var unit = parts.Length > 2 ? parts[2] : "";
                return unit.Equals("kB", StringComparison.OrdinalIgnoreCase) ? value * 1024 : value;
            }
        }

        return 0;
    }

    /// <summary>PRETTY_NAME of /etc/os-release without its quotes, or "Linux" when absent.</summary>
    public static string ParseOsImage(string osRelease)
    {
        foreach (var line in osRelease.Split('\n'))
        {
            if (line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            {
                return line["PRETTY_NAME=".Length..].Trim().Trim('"', '\'');
            }
        }

        return "Linux";
    }

    /// <summary>The name Kubernetes gives an architecture (GOARCH): amd64, arm64…</summary>
    public static string ArchitectureName(CpuArchitecture architecture) => architecture switch
    {
        CpuArchitecture.X64 => "amd64",
        CpuArchitecture.Arm64 => "arm64",
        CpuArchitecture.X86 => "386",
        CpuArchitecture.Arm => "arm",
        CpuArchitecture.S390x => "s390x",
        CpuArchitecture.Ppc64le => "ppc64le",
        _ => architecture.ToString().ToLowerInvariant(),
    };

    /// <summary>The name of the interface the default route of /proc/net/route leaves by, or null.</summary>
    public static string? DefaultRouteInterface(string routes)
    {
        foreach (var line in routes.Split('\n').Skip(1))
        {
            var parts = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length > 2 && parts[1] == "00000000")
            {
                return parts[0];
            }
        }

        return null;
    }

    private static string? DefaultRouteAddress(string routes)
    {
        var name = DefaultRouteInterface(routes);
        var interfaces = NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up &&
                i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .OrderBy(i => i.Name == name ? 0 : 1);
        return interfaces
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)?.ToString();
    }

    private static async Task<string> ReadOrEmptyAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
