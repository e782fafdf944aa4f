using System.Net;
using Microsoft.AspNetCore.Http;

namespace MyElectricalData.Tests.ServiceDefaults;

public sealed class StandardResilienceHandlerTests
{
    [Fact]
    public async Task ATransient503IsRetriedAndTheCallThenSucceeds()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((hit, context) =>
        {
            context.Response.StatusCode = hit == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await using var services = ResilientClients.WithStandardHandler(server.BaseAddress, ResilientClients.Fast);

        // Act
        using var response = await services.Client().GetAsync(new Uri("/consumption?token=secret", UriKind.Relative));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task ARetryAfterHeaderOnA503SetsTheDelayBeforeTheNextAttempt()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((hit, context) =>
        {
            if (hit == 1)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
            }

            return Task.CompletedTask;
        });
        await using var services = ResilientClients.WithStandardHandler(server.BaseAddress, ResilientClients.Fast);

        // Act
        using var response = await services.Client().GetAsync(new Uri("/", UriKind.Relative));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Hits.ShouldBe(2);
        server.Between(1, 2).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9));
    }

    [Fact]
    public async Task A400IsNotRetried()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        });
        await using var services = ResilientClients.WithStandardHandler(server.BaseAddress, ResilientClients.Fast);

        // Act
        using var response = await services.Client().GetAsync(new Uri("/", UriKind.Relative));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        server.Hits.ShouldBe(1);
    }

    [Fact]
    public async Task AnAttemptThatOutlivesTheAttemptTimeoutIsAbandonedAndRetried()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync(async (hit, context) =>
        {
            if (hit == 1)
            {
                // Far beyond the attempt timeout; the client's cancellation aborts the request and ends the wait.
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        await using var services = ResilientClients.WithStandardHandler(server.BaseAddress, options =>
        {
            ResilientClients.Fast(options);
            options.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(300);
        });

        // Act
        using var response = await services.Client().GetAsync(new Uri("/", UriKind.Relative));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task ARequestWithABodyIsSentWholeOnEveryAttempt()
    {
        // Arrange
        var bodies = new List<string>();
        await using var server = await RecordingServer.StartAsync(async (hit, context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            bodies.Add(await reader.ReadToEndAsync());
            context.Response.StatusCode = hit == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        });
        await using var services = ResilientClients.WithStandardHandler(server.BaseAddress, ResilientClients.Fast);
        // A one-shot stream: without buffering the second attempt could not read it again.
        using var body = new StreamContent(new OneShotStream("{\"pdl\":\"12345678901234\"}"u8.ToArray()));

        // Act
        using var response = await services.Client().PostAsync(new Uri("/", UriKind.Relative), body);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        bodies.ShouldBe(["{\"pdl\":\"12345678901234\"}", "{\"pdl\":\"12345678901234\"}"]);
    }

    private sealed class OneShotStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
