using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.ServiceDefaults.Resilience;

namespace MyElectricalData.Tests.ServiceDefaults;

/// <summary>Container set-ups shared by the resilience tests.</summary>
internal static class ResilientClients
{
    public const string ClientName = "remote";

    /// <summary>The standard options with delays short enough for a test run.</summary>
    public static void Fast(HttpStandardResilienceOptions options)
    {
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
    }

    public static ServiceProvider WithStandardHandler(Uri baseAddress, Action<HttpStandardResilienceOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddHttpClient(ClientName, client => client.BaseAddress = baseAddress)
            .AddStandardResilienceHandler(configure);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static HttpClient Client(this IServiceProvider services, string name = ClientName) =>
        services.GetRequiredService<IHttpClientFactory>().CreateClient(name);
}
