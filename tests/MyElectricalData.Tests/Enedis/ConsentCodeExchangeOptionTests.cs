using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyElectricalData.Enedis;

namespace MyElectricalData.Tests.Enedis;

/// <summary>ENEDIS_CONSENT_CODE_EXCHANGE: its default follows the environment; a bad value stops start-up.</summary>
public sealed class ConsentCodeExchangeOptionTests
{
    [Theory]
    [InlineData("simulator", null, true)]
    [InlineData("sandbox", null, false)]
    [InlineData("production", null, false)]
    [InlineData("simulator", "false", false)]
    [InlineData("production", "true", true)]
    [InlineData("sandbox", "TRUE", true)]
    public void TheExchangeIsOnByDefaultOnlyWithTheSimulator(string environment, string? setting, bool expected)
    {
        using var host = Build(environment, setting);

        host.Services.GetRequiredService<IOptions<EnedisOptions>>().Value.ConsentCodeExchange.ShouldBe(expected);
    }

    [Fact]
    public async Task AnInvalidValueStopsStartUpNamingTheSetting()
    {
        using var host = Build("simulator", "yes");

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        error.Message.ShouldContain("ENEDIS_CONSENT_CODE_EXCHANGE");
    }

    private static IHost Build(string environment, string? setting)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ENEDIS_ENVIRONMENT"] = environment,
            ["ENEDIS_BASE_URL"] = "http://127.0.0.1:9",
            ["ENEDIS_CLIENT_ID"] = "id",
            ["ENEDIS_CLIENT_SECRET"] = "secret",
            ["ENEDIS_CONSENT_CODE_EXCHANGE"] = setting,
        });
        builder.AddEnedisProvider();
        return builder.Build();
    }
}
