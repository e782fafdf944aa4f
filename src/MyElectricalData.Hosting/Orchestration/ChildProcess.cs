using System.Diagnostics;

namespace MyElectricalData.Hosting.Orchestration;

/// <summary>A running child process: its output goes to <see cref="ResourceLogs"/>; stopping is signal, grace, kill.</summary>
internal sealed class ChildProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process, string resource, ResourceLogs logs)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                logs.Write(resource, e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                logs.Write(resource, e.Data, isError: true);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => _exited.TrySetResult(process.ExitCode);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Children read nothing; closing stdin keeps them from blocking on an inherited terminal.
        process.StandardInput.Close();
        if (process.HasExited)
        {
            _exited.TrySetResult(process.ExitCode);
        }
    }

    public int Id => _process.Id;

    public Task<int> Exited => _exited.Task;

    public static async Task<ChildProcess> StartAsync(ProcessLauncher launcher, string resource, ResourceLogs logs,
        string fileName, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string?> environment,
        string? runAsUser = null)
    {
        var process = await launcher.StartAsync(fileName, arguments, workingDirectory, environment, runAsUser);
        return new ChildProcess(process, resource, logs);
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }
        Signals.Send(_process.Id, signal);
        if (await Task.WhenAny(_exited.Task, Task.Delay(grace)) != _exited.Task)
        {
            Signals.Send(_process.Id, Signals.SIGKILL);
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        // Reaps the process and drains the output pipes.
        await _process.WaitForExitAsync();
    }

    /// <summary>Runs a short command to completion (initdb, chown) and fails with its output if it fails.</summary>
    public static async Task RunToCompletionAsync(ProcessLauncher launcher, string resource, ResourceLogs logs,
        string fileName, IEnumerable<string> arguments, string workingDirectory, string? runAsUser = null,
        CancellationToken cancellationToken = default)
    {
        var child = await StartAsync(launcher, resource, logs, fileName, arguments, workingDirectory,
            new Dictionary<string, string?>(), runAsUser);
        var exitCode = await child.Exited.WaitAsync(cancellationToken);
        await child._process.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} exited with code {exitCode}; see the '{resource}' log lines above.");
        }
    }
}
