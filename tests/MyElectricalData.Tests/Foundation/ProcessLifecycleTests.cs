using System.Diagnostics;
using System.Runtime.Versioning;
using MyElectricalData.Hosting;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Foundation;

/// <summary>No process the AppHost started may outlive it: on a clean stop, or when the AppHost itself is killed.</summary>
[SupportedOSPlatform("linux")]
public sealed class ProcessLifecycleTests
{
    [Fact]
    public async Task StoppingTheApplicationLeavesNoChildProcess()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>();
        builder.KeepOnly("api");
        var app = builder.Build();
        await app.StartAndWaitAsync();
        var started = app.Resources.OfType<RunnableResource>()
            .Where(r => r.ProcessId is not null && r.State != ResourceState.Finished)
            .SelectMany(r => ProcessTree.DescendantsOf(r.ProcessId!.Value).Prepend(r.ProcessId!.Value))
            .ToList();
        started.Count.ShouldBeGreaterThanOrEqualTo(3, "postgres, redis and the api run as processes");

        await app.DisposeAsync();

        started.Where(ProcessTree.IsAlive).ShouldBeEmpty();
    }

    [Fact]
    public async Task KillingTheAppHostKillsEveryProcessItStarted()
    {
        var appHost = typeof(Projects.MyElectricalData_AppHost).Assembly.Location;
        var temp = Directory.CreateTempSubdirectory("apphost-kill-");
        File.SetUnixFileMode(temp.FullName, (UnixFileMode)0b111_101_101);
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { appHost, "--AppHost:Ephemeral=true", "--AppHost:RandomizePorts=true" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(appHost)!,
            Environment = { ["TMPDIR"] = temp.FullName, ["DOTNET_ENVIRONMENT"] = "Development" },
        };
        using var process = Process.Start(info)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready. Press Ctrl+C", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
            var children = ProcessTree.DescendantsOf(process.Id);
            children.Count.ShouldBeGreaterThanOrEqualTo(4, "postgres, redis, api and worker run under the AppHost");

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
    }
}
