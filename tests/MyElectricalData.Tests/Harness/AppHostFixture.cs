using System.Net;
using System.Net.Sockets;
using MyElectricalData.Hosting;

namespace MyElectricalData.Tests.Harness;

/// <summary>The whole topology of the AppHost, started once for every test of the collection.</summary>
public class AppHostFixture : IAsyncLifetime
{
    /// <summary>Signing up with this address makes an admin (ADMIN_EMAILS).</summary>
    public const string AdminEmail = "admin@tests.myelectricaldata.fr";

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Where the API writes each mail it sends (SMTP_PICKUP_DIRECTORY, inside the run's throw-away folder).</summary>
    public string MailDirectory { get; private set; } = "";

    /// <summary>Whether the services export their telemetry to the AppHost's dashboard (off for the shared topology).</summary>
    protected virtual bool WithDashboard => false;

    /// <summary>Settings a derived topology gives the api on top of the shared ones.</summary>
    protected virtual IReadOnlyDictionary<string, string> ApiSettings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(o => o.EnableDashboard = WithDashboard);
        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        MailDirectory = api.Environment["SMTP_PICKUP_DIRECTORY"].Resolve()
            ?? throw new InvalidOperationException("The AppHost gives the api no SMTP_PICKUP_DIRECTORY.");
        api.Environment["ADMIN_EMAILS"] = EnvironmentValue.Of(AdminEmail);
        // Every test calls from 127.0.0.1: the per-address lock-out would otherwise couple unrelated tests.
        api.Environment["LOGIN_MAX_FAILURES_PER_ADDRESS"] = EnvironmentValue.Of("1000");
        api.Environment["LOGIN_MAX_SUCCESSES_PER_ADDRESS"] = EnvironmentValue.Of("100000");
        foreach (var (name, value) in ApiSettings)
        {
            api.Environment[name] = EnvironmentValue.Of(value);
        }
        // The shared topology's worker must not pre-warm other tests' PDLs behind their backs (their X-Cache-Status
        // and call-log assertions); the pre-warm has its own topology in Worker/WorkerFixture.
        var worker = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker");
        worker.Environment["Worker__Prewarm__Enabled"] = EnvironmentValue.Of("false");
        App = builder.Build();
        await App.StartAndWaitAsync();
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource);

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
        return new HttpClient(handler) { BaseAddress = App.GetEndpoint(resource), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string ConnectionString(string resource) =>
        App.GetConnectionString(resource) ?? throw new InvalidOperationException($"'{resource}' has no connection string.");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
