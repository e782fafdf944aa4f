using System.Diagnostics;
using System.Net.Http.Headers;

namespace MyElectricalData.Bench.DataPath;

public sealed record LoadResult(int Connections, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors);

/// <summary>
/// A closed-loop load generator: N workers, each with its own request in flight, over one pooled
/// SocketsHttpHandler (N connections); a warm-up, then a measured window. Latency = send to last body byte.
/// </summary>
public static class LoadLoop
{
    public static async Task<LoadResult> RunAsync(Uri url, AuthenticationHeaderValue? authorization, int connections, TimeSpan warmUp, TimeSpan measured)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = authorization;
        var measuring = 0;
        var stopping = 0;
        long errors = 0;
        var latencies = new List<long>[connections];

        async Task WorkerAsync(int index)
        {
            var mine = latencies[index] = new List<long>(1 << 16);
            while (Volatile.Read(ref stopping) == 0)
            {
                var start = Stopwatch.GetTimestamp();
                var counted = Volatile.Read(ref measuring) == 1;
                try
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                // Only requests both started and finished inside the window count.
                if (counted && Volatile.Read(ref stopping) == 0)
                {
                    mine.Add(Stopwatch.GetTimestamp() - start);
                }
            }
        }

        var workers = Enumerable.Range(0, connections).Select(i => Task.Run(() => WorkerAsync(i))).ToArray();
        await Task.Delay(warmUp);
        Interlocked.Exchange(ref measuring, 1);
        var window = Stopwatch.StartNew();
        await Task.Delay(measured);
        Interlocked.Exchange(ref stopping, 1);
        var seconds = window.Elapsed.TotalSeconds;
        await Task.WhenAll(workers);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(connections, all.Length / seconds, Percentile(0.50), Percentile(0.99), errors);
    }
}
