using System.Net;

namespace MyElectricalData.Tests.EnedisSandbox;

public sealed class HealthTests
{
    [Fact]
    public async Task HealthAnswers200()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        using var response = await sandbox.Client.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnInvalidUsagePointListInConfigurationStopsStartUpNamingTheSetting()
    {
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => SandboxHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:ConsentUsagePoints"] = "123" }));

        failure.Message.ShouldContain("Sandbox:ConsentUsagePoints");
    }
}
