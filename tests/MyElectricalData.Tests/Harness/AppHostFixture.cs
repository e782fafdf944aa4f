using System.Net;
using System.Net.Sockets;

namespace MyElectricalData.Tests.Harness;

/// <summary>The whole topology of the AppHost, started once for every test of the collection.</summary>
public class AppHostFixture : IAsyncLifetime
{
    /// <summary>Signing up with this address makes an admin (ADMIN_EMAILS).</summary>
    public const string AdminEmail = "admin@tests.myelectricaldata.fr";

    public TestTopology Topology { get; private set; } = null!;

    public DistributedApplication App => Topology.App;

    /// <summary>Where the API writes each mail it sends (SMTP_PICKUP_DIRECTORY, inside the run's throw-away folder).</summary>
    public string MailDirectory => Topology.MailDirectory;

    /// <summary>Whether the Aspire dashboard runs and the services export their telemetry to it (off for the shared topology).</summary>
    protected virtual bool WithDashboard => false;

    /// <summary>Settings a derived topology gives the api on top of the shared ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> ApiSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Topology = await TestTopology.CreateAsync(WithDashboard);
        Topology.WithEnvironment("api", "ADMIN_EMAILS", AdminEmail)
            // Every test calls from 127.0.0.1: the per-address lock-out would otherwise couple unrelated tests.
            .WithEnvironment("api", "LOGIN_MAX_FAILURES_PER_ADDRESS", "1000")
            .WithEnvironment("api", "LOGIN_MAX_SUCCESSES_PER_ADDRESS", "100000")
            // The shared topology's worker must not pre-warm other tests' PDLs behind their backs (their X-Cache-Status
            // and call-log assertions); the pre-warm has its own topology in Worker/WorkerFixture.
            .WithEnvironment("worker", "Worker__Prewarm__Enabled", "false");
        foreach (var (name, value) in ApiSettings)
        {
            Topology.WithEnvironment("api", name, value);
        }
        await Topology.StartAsync();
    }

    public HttpClient CreateHttpClient(string resource) => Topology.CreateHttpClient(resource);

    private static int _loopbackSequence;

    /// <summary>An address of 127.0.0.0/8 no other test calls from (never 127.0.0.1, the address of every other client).</summary>
    public static IPAddress UniqueLoopbackAddress()
    {
        var n = Interlocked.Increment(ref _loopbackSequence);
        return new IPAddress([127, 1, (byte)(n / 250), (byte)(n % 250 + 1)]);
    }

    /// <summary>
    /// A client whose connections leave from <paramref name="source"/>, so that the API sees another client
    /// address without trusting any forwarded header: Linux routes all of 127.0.0.0/8 to the loopback interface.
    /// </summary>
    public HttpClient CreateHttpClientFrom(IPAddress source, string resource = "api")
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        // The socket is bound to an IPv4 address: connect to the IPv4 loopback, not to whatever "localhost" resolves to first.
        var endpoint = new UriBuilder(Topology.Endpoint(resource)) { Host = "127.0.0.1" }.Uri;
        return new HttpClient(handler) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string ConnectionString(string resource) => Topology.ConnectionString(resource);

    public async Task DisposeAsync() => await Topology.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
