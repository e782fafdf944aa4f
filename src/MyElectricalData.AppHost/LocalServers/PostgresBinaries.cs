using System.Diagnostics;
using System.Globalization;

namespace MyElectricalData.AppHost.LocalServers;

/// <summary>Finding, initialising and stopping a local PostgreSQL server.</summary>
internal static class PostgresBinaries
{
    /// <summary>The folder holding postgres and initdb: configured, on PATH, or the highest /usr/lib/postgresql/N/bin (Debian).</summary>
    public static string? Find(string? configured)
    {
        if (configured is { Length: > 0 })
        {
            return File.Exists(Path.Combine(configured, "postgres")) ? configured : null;
        }
        string[] debian = Directory.Exists("/usr/lib/postgresql")
            ? [.. Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin"))]
            : [];
        var postgres = ExecutableFinder.Find("postgres", debian);
        if (postgres is null)
        {
            return null;
        }
        // Resolve symlinks so that initdb finds its share/ folder next to the real binaries.
        var real = new FileInfo(postgres).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? postgres;
        var folder = Path.GetDirectoryName(real)!;
        return File.Exists(Path.Combine(folder, "initdb")) ? folder : null;
    }

    /// <summary>PostgreSQL refuses to run as root: then the server runs as the postgres system user (null: as ourselves).</summary>
    public static string? ServerUser() =>
        Environment.UserName == "root" ? LocalPostgresResource.UserName : null;

    public static IEnumerable<string> ServerArguments(string dataDirectory, int port, bool ephemeral)
    {
        string[] arguments =
        [
            "-D", dataDirectory, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            // No Unix socket: nothing to clean up, no clash with a system server.
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        ];
        // Throw-away data: durability only costs time.
        return ephemeral
            ? [.. arguments, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
            : arguments;
    }

    public static async Task InitializeAsync(LocalPostgresResource server, string password, string? runAs, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(server.DataDirectory);
        // Beside the data folder (initdb wants an empty one), private, and gone once read.
        var passwordFile = server.DataDirectory + ".pwfile";
        await using (File.Create(passwordFile))
        {
        }
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
        try
        {
            if (runAs is not null)
            {
                await RunAsync("chown", ["-R", $"{runAs}:{runAs}", server.DataDirectory, passwordFile], null, null, logger, cancellationToken);
            }
            await RunAsync(Path.Combine(server.Binaries, "initdb"),
                ["-D", server.DataDirectory, "-U", LocalPostgresResource.UserName, "--pwfile", passwordFile, "--auth=scram-sha-256",
                    "-E", "UTF8", "--no-locale", "--no-instructions"],
                runAs, null, logger, cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// Sets the server user's password on a kept cluster, before the server starts: single-user mode reads the SQL on
    /// stdin, so the password never appears in a process list.
    /// </summary>
    public static async Task SetPasswordAsync(LocalPostgresResource server, string password, string? runAs, ILogger logger, CancellationToken cancellationToken)
    {
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", $"{runAs}:{runAs}", server.DataDirectory], null, null, logger, cancellationToken);
        }
        var literal = "'" + password.Replace("'", "''", StringComparison.Ordinal) + "'";
        await RunAsync(Path.Combine(server.Binaries, "postgres"), ["--single", "-D", server.DataDirectory, "postgres"], runAs,
            $"ALTER ROLE {LocalPostgresResource.UserName} PASSWORD {literal};\n", logger, cancellationToken, echo: false);
    }

    /// <summary>Fast shutdown: open transactions rolled back, a checkpoint, exit; waits up to 5 s.</summary>
    public static Task StopAsync(LocalPostgresResource server, string? runAs, ILogger logger, CancellationToken cancellationToken) =>
        RunAsync(Path.Combine(server.Binaries, "pg_ctl"), ["stop", "-D", server.DataDirectory, "-m", "fast", "-w", "-t", "5"], runAs, null, logger,
            cancellationToken, mustSucceed: false);

    private static async Task RunAsync(string command, string[] arguments, string? runAs, string? input, ILogger logger,
        CancellationToken cancellationToken, bool echo = true, bool mustSucceed = true)
    {
        var info = new ProcessStartInfo(runAs is null ? command : "/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
        };
        if (runAs is not null)
        {
            foreach (var argument in new[] { $"--reuid={runAs}", $"--regid={runAs}", "--init-groups", command })
            {
                info.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new DistributedApplicationException($"{command} did not start.");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var text = (await output + await errors).Trim();
        if (echo && text.Length > 0)
        {
            logger.LogInformation("{Command}: {Output}", Path.GetFileName(command), text);
        }
        if (mustSucceed && process.ExitCode != 0)
        {
            // Single-user mode echoes its input: its output is left out of the message.
            throw new DistributedApplicationException($"{Path.GetFileName(command)} exited with code {process.ExitCode}" + (echo ? $": {text}" : "."));
        }
    }
}

/// <summary>Finds an executable on PATH, then in the given folders.</summary>
internal static class ExecutableFinder
{
    public static string? Find(string name, IEnumerable<string>? extraFolders = null) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(extraFolders ?? [])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
