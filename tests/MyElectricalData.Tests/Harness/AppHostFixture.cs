using MyElectricalData.Hosting;

namespace MyElectricalData.Tests.Harness;

/// <summary>The whole topology of the AppHost, started once for every test of the collection.</summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create<Projects.MyElectricalData_AppHost>();
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
