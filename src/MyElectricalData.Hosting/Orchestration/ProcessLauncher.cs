using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MyElectricalData.Hosting.Orchestration;

/// <summary>
/// Starts every child process from one long-lived thread, under <c>setpriv --pdeathsig KILL</c>.
/// </summary>
/// <remarks>
/// Linux delivers the parent-death signal when the *thread* that forked the child exits, not the process.
/// Forking from thread-pool threads would kill children whenever the pool retires a thread, so all forks
/// happen on this dedicated thread, which lives exactly as long as the AppHost. If the AppHost is killed
/// (even with SIGKILL), the kernel kills its children: none can outlive it.
/// </remarks>
internal sealed class ProcessLauncher : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _queue = [];
    private readonly Thread _thread;
    private static readonly string? Setpriv = OperatingSystem.IsLinux() ? ExecutableFinder.Find("setpriv") : null;

    public ProcessLauncher()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "apphost-process-launcher" };
        _thread.Start();
    }

    /// <summary>Starts <paramref name="fileName"/>, optionally as another Unix user (when the AppHost runs as root).</summary>
    public Task<Process> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IDictionary<string, string?> environment, string? runAsUser = null)
    {
        var info = new ProcessStartInfo
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Setpriv is not null)
        {
            info.FileName = Setpriv;
            if (runAsUser is not null)
            {
                info.ArgumentList.Add($"--reuid={runAsUser}");
                info.ArgumentList.Add($"--regid={runAsUser}");
                info.ArgumentList.Add("--init-groups");
            }
            // After the credential change, so that the kernel does not clear it.
            info.ArgumentList.Add("--pdeathsig=KILL");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(fileName);
        }
        else
        {
            if (runAsUser is not null)
            {
                throw new InvalidOperationException($"Running {Path.GetFileName(fileName)} as '{runAsUser}' needs setpriv (util-linux).");
            }
            info.FileName = fileName;
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((info, started));
        return started.Task;
    }

    private void Run()
    {
        foreach (var (info, started) in _queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }

    public void Dispose() => _queue.CompleteAdding();
}

internal static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static void Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
            return;
        }
        _ = Kill(pid, signal);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

internal static class ExecutableFinder
{
    /// <summary>Finds an executable on PATH, then in <paramref name="extraDirectories"/> (first match wins).</summary>
    public static string? Find(string name, params IEnumerable<string> extraDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(extraDirectories))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
