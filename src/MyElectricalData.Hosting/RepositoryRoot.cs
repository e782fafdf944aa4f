namespace MyElectricalData.Hosting;

/// <summary>The folder holding the solution file: home of .env and the git-ignored .apphost/ data.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (directory.EnumerateFiles("*.sln").Any() || directory.EnumerateFiles("*.slnx").Any())
                {
                    return directory.FullName;
                }
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>Reads KEY=VALUE lines of a .env file (comments, blank lines and optional quotes allowed).</summary>
internal static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Load(string directory)
    {
        var path = Path.Combine(directory, ".env");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return values;
        }
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..];
            }
            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }
            values[line[..equals].Trim()] = value;
        }
        return values;
    }
}
