using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MyElectricalData.Hosting.Dashboard;

/// <summary>
/// The dev dashboard: two small Kestrel servers on loopback. One is the OTLP/HTTP receiver the projects export
/// to (no token: the exporters cannot carry one we did not hand them); the other serves the pages and their
/// JSON, behind the browser token. Owns the telemetry store; reads resources and console logs from the
/// application it belongs to.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _receiver;
    private readonly WebApplication _web;
    private readonly DashboardAuth _auth;

    private DashboardServer(WebApplication receiver, WebApplication web, DashboardAuth auth, TelemetryStore store, Uri otlpEndpoint, Uri url)
    {
        _receiver = receiver;
        _web = web;
        _auth = auth;
        Store = store;
        OtlpEndpoint = otlpEndpoint;
        Url = url;
    }

    public TelemetryStore Store { get; }

    /// <summary>Base URL of the OTLP/HTTP receiver (append <c>/v1/traces</c> etc.).</summary>
    public Uri OtlpEndpoint { get; }

    /// <summary>The dashboard without its token: a browser must first open <see cref="LoginUrl"/>.</summary>
    public Uri Url { get; }

    public string BrowserToken => _auth.Token;

    /// <summary>The URL printed at start-up: the token in it is exchanged for a cookie.</summary>
    public Uri LoginUrl => new(Url, $"/?t={BrowserToken}");

    internal static async Task<DashboardServer> StartAsync(DistributedApplication app, DashboardOptions options, CancellationToken cancellationToken)
    {
        var store = new TelemetryStore(options);

        var receiver = CreateApplication(0, options.MaxRequestBytes);
        receiver.MapOtlp(store, options);
        await receiver.StartAsync(cancellationToken);

        // The token's cookie is named after the port, so the port is chosen before the server starts.
        var port = options.Port != 0 ? options.Port : FreeLoopbackPort();
        var web = CreateApplication(port, 64 * 1024);
        var auth = new DashboardAuth(port);
        auth.Use(web);
        web.MapDashboard(app, store);
        await web.StartAsync(cancellationToken);

        return new DashboardServer(receiver, web, auth, store, new Uri(BoundAddress(receiver)), new Uri(BoundAddress(web)));
    }

    private static WebApplication CreateApplication(int port, long maxRequestBytes)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(DashboardServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The AppHost's console belongs to the resources' output.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            // The receiver enforces its own limit (after decompression); this one only guards the socket.
            kestrel.Limits.MaxRequestBodySize = maxRequestBytes + 1;
        });
        return builder.Build();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string BoundAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";

    public async ValueTask DisposeAsync()
    {
        await _web.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
