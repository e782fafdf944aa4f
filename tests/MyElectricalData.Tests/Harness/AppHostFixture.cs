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

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>(o => o.EnableDashboard = WithDashboard);
        var api = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "api");
        MailDirectory = api.Environment["SMTP_PICKUP_DIRECTORY"].Resolve()
            ?? throw new InvalidOperationException("The AppHost gives the api no SMTP_PICKUP_DIRECTORY.");
        api.Environment["ADMIN_EMAILS"] = EnvironmentValue.Of(AdminEmail);
        // Every test calls from 127.0.0.1: the per-address lock-out would otherwise couple unrelated tests.
        api.Environment["LOGIN_MAX_FAILURES_PER_ADDRESS"] = EnvironmentValue.Of("1000");
        // The shared topology's worker must not pre-warm other tests' PDLs behind their backs (their X-Cache-Status
        // and call-log assertions); the pre-warm has its own topology in Worker/WorkerFixture.
        var worker = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "worker");
        worker.Environment["Worker__Prewarm__Enabled"] = EnvironmentValue.Of("false");
        App = builder.Build();
        await App.StartAndWaitAsync();
    }

    public HttpClient CreateHttpClient(string resource) => App.CreateHttpClient(resource);

    public string ConnectionString(string resource) =>
        App.GetConnectionString(resource) ?? throw new InvalidOperationException($"'{resource}' has no connection string.");

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "AppHost";
}
