using System.Collections.Concurrent;

namespace MyElectricalData.Hosting.Orchestration;

public sealed record LogLine(DateTimeOffset Timestamp, string Resource, string Text, bool IsError)
{
    /// <summary>Increases with every line of every resource: a reader asks for what came after the last it saw.</summary>
    public long Sequence { get; init; }
}

/// <summary>
/// Console output of every resource: echoed to the AppHost's console with a name prefix, and kept in a
/// bounded buffer per resource (tests read it; a long session cannot exhaust memory).
/// </summary>
public sealed class ResourceLogs(bool echoToConsole, int capacityPerResource = 5000)
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan];

    private readonly ConcurrentDictionary<string, Queue<LogLine>> _lines = new();
    private readonly ConcurrentDictionary<string, ConsoleColor> _colors = new();
    private readonly Lock _consoleLock = new();
    private int _width = 8;
    private long _sequence;

    public void Register(string resource)
    {
        _colors.TryAdd(resource, Palette[_colors.Count % Palette.Length]);
        _width = Math.Max(_width, resource.Length);
    }

    public void Write(string resource, string text, bool isError = false)
    {
        var line = new LogLine(DateTimeOffset.UtcNow, resource, text, isError) { Sequence = Interlocked.Increment(ref _sequence) };
        var queue = _lines.GetOrAdd(resource, _ => new Queue<LogLine>());
        lock (queue)
        {
            if (queue.Count == capacityPerResource)
            {
                queue.Dequeue();
            }
            queue.Enqueue(line);
        }
        if (echoToConsole)
        {
            Echo(line);
        }
    }

    /// <summary>A line from the AppHost itself (not a resource).</summary>
    public void Info(string text) => Write("apphost", text);

    public IReadOnlyList<LogLine> Get(string resource)
    {
        if (!_lines.TryGetValue(resource, out var queue))
        {
            return [];
        }
        lock (queue)
        {
            return [.. queue];
        }
    }

    private void Echo(LogLine line)
    {
        lock (_consoleLock)
        {
            var previous = Console.ForegroundColor;
            Console.ForegroundColor = _colors.GetValueOrDefault(line.Resource, ConsoleColor.Gray);
            Console.Write(line.Resource.PadRight(_width));
            Console.ForegroundColor = previous;
            Console.Write(" | ");
            if (line.IsError)
            {
                Console.Error.WriteLine(line.Text);
            }
            else
            {
                Console.WriteLine(line.Text);
            }
        }
    }
}
