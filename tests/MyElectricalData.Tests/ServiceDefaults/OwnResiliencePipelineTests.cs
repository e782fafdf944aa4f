using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MyElectricalData.ServiceDefaults.Resilience;
using Polly;

namespace MyElectricalData.Tests.ServiceDefaults;

public sealed class OwnResiliencePipelineTests
{
    [Fact]
    public async Task AClientWithItsOwnPipelineDoesNotAlsoGetTheStandardOne()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(ResilientClients.Fast));
        services.AddHttpClient("own", client => client.BaseAddress = server.BaseAddress)
            .AddResilienceHandler("no-retry", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
        await using var provider = services.BuildServiceProvider();

        // Act
        using var response = await provider.Client("own").GetAsync(new Uri("/", UriKind.Relative));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        server.Hits.ShouldBe(1);
    }

    [Fact]
    public async Task ClientsWithoutTheirOwnPipelineStillGetTheStandardOneFromTheDefaults()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(ResilientClients.Fast));
        services.AddHttpClient("own").AddResilienceHandler("no-retry", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
        services.AddHttpClient("other", client => client.BaseAddress = server.BaseAddress);
        await using var provider = services.BuildServiceProvider();

        // Act
        using var response = await provider.Client("other").GetAsync(new Uri("/", UriKind.Relative));

        // Assert: the first attempt and the standard 3 retries.
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        server.Hits.ShouldBe(4);
    }
}
