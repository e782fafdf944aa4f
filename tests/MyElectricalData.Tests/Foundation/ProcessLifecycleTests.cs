using System.Diagnostics;
using System.Runtime.Versioning;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Foundation;

/// <summary>No process the AppHost started may outlive it: on a clean stop, or when the AppHost itself is killed.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessLifecycleTests
{
    [Fact]
    public async Task StoppingTheApplicationLeavesNoChildProcess()
    {
        var topology = (await TestTopology.CreateAsync()).KeepOnly("api");
        await topology.StartAsync();
        var started = new[] { "postgres", "redis", "api", "enedis-sandbox" }
            .Select(name => topology.Status(name).ProcessId ?? throw new InvalidOperationException($"{name} has no process"))
            .SelectMany(pid => ProcessTree.DescendantsOf(pid).Prepend(pid))
            .ToList();
        started.Count.ShouldBeGreaterThanOrEqualTo(4, "postgres, redis, the sandbox and the api run as processes");

        await topology.DisposeAsync();

        await Poll.UntilAsync(() => !started.Any(ProcessTree.IsAlive), TimeSpan.FromSeconds(10), "every process of the run to end");
    }

    [Fact]
    public async Task KillingTheAppHostKillsEveryProcessItStarted()
    {
        var appHost = AppHostBinary.Path;
        var temp = Directory.CreateTempSubdirectory("apphost-kill-");
        File.SetUnixFileMode(temp.FullName, (UnixFileMode)0b111_101_101);
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--AppHost:Ephemeral=true" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
            Environment =
            {
                ["TMPDIR"] = temp.FullName,
                ["DOTNET_ENVIRONMENT"] = "Development",
                // Ports of its own: a developer's ./run.sh may hold the launch profile's.
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            },
        };
        using var process = Process.Start(info)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // DCP runs detached from the AppHost and watches its PID; every resource is DCP's descendant.
            var children = await Poll.UntilAsync(() => Task.FromResult(RunProcesses(temp.FullName)), pids => pids.Count(IsServer) >= 2
                    && pids.Count(pid => CommandLine(pid).Contains("MyElectricalData.Api", StringComparison.Ordinal)) >= 1,
                TimeSpan.FromMinutes(3), "postgres, redis and the api to run under the AppHost's DCP:\n" + string.Join("\n", output));

            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync();

            await Poll.UntilAsync(() => !children.Any(ProcessTree.IsAlive), TimeSpan.FromSeconds(20), "the AppHost's children to die");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            temp.Delete(recursive: true);
        }

        bool IsServer(int pid) => CommandLine(pid) is var line && (line.Contains("redis-server", StringComparison.Ordinal) || line.Contains("postgres", StringComparison.Ordinal));
    }

    /// <summary>DCP's processes for this run (their kubeconfig lives in the run's TMPDIR) and everything under them.</summary>
    private static List<int> RunProcesses(string tmp)
    {
        var dcp = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && CommandLine(pid).Contains("dcp", StringComparison.Ordinal) && CommandLine(pid).Contains(tmp, StringComparison.Ordinal))
            .ToList();
        return [.. dcp.SelectMany(pid => ProcessTree.DescendantsOf(pid).Prepend(pid)).Distinct()];
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
