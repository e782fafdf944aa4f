using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyElectricalData.ServiceDefaults.Resilience;

namespace MyElectricalData.Tests.ServiceDefaults;

public sealed class ResilienceOptionsValidationTests
{
    [Fact]
    public async Task AnAttemptTimeoutLongerThanTheTotalTimeoutStopsTheHostAtStartUp()
    {
        // Arrange
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHttpClient("remote").AddStandardResilienceHandler(options =>
        {
            options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(40);
            options.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(80);
        });
        using var host = builder.Build();

        // Act
        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        failure.Message.ShouldContain("AttemptTimeout.Timeout");
    }

    [Fact]
    public async Task AnOutOfRangeValueInAClientsConfigurationSectionStopsTheHostAtStartUp()
    {
        // Arrange
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Http:Retry:MaxRetryAttempts"] = "5",
            ["Resilience:Http:enedis:Retry:MaxRetryAttempts"] = "1000",
        });
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Services.AddHttpClient("enedis");
        using var host = builder.Build();

        // Act
        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        // Assert
        failure.OptionsName.ShouldBe("enedis");
        failure.Message.ShouldContain("MaxRetryAttempts");
    }

    [Fact]
    public void AClientsConfigurationSectionOverridesOnlyTheValuesItSets()
    {
        // Arrange
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Resilience:Http:Retry:MaxRetryAttempts"] = "5",
            ["Resilience:Http:enedis:AttemptTimeout:Timeout"] = "00:00:05",
        }).Build());
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        using var provider = services.BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get("enedis");

        // Assert
        options.Retry.MaxRetryAttempts.ShouldBe(5);
        options.AttemptTimeout.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        options.TotalRequestTimeout.Timeout.ShouldBe(TimeSpan.FromSeconds(30));
    }
}
