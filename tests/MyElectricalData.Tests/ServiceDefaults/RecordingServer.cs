using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyElectricalData.Tests.ServiceDefaults;

/// <summary>
/// A real HTTP endpoint on a free loopback port that answers with <c>respond(hitNumber, context)</c> and records
/// when each request arrived, so tests see what actually went over the wire.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<long> _arrivals;

    private RecordingServer(WebApplication app, ConcurrentQueue<long> arrivals, Uri baseAddress)
    {
        _app = app;
        _arrivals = arrivals;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Hits => _arrivals.Count;

    /// <summary>Time between the arrival of request <paramref name="first"/> and request <paramref name="second"/> (1-based).</summary>
    public TimeSpan Between(int first, int second)
    {
        var arrivals = _arrivals.ToArray();
        return Stopwatch.GetElapsedTime(arrivals[first - 1], arrivals[second - 1]);
    }

    public static async Task<RecordingServer> StartAsync(Func<int, HttpContext, Task> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        var arrivals = new ConcurrentQueue<long>();
        var hits = 0;
        app.Run(context =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return respond(Interlocked.Increment(ref hits), context);
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RecordingServer(app, arrivals, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
