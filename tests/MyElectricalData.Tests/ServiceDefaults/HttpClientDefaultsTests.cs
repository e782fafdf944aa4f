using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.ServiceDefaults;
using Polly;

namespace MyElectricalData.Tests.ServiceDefaults;

/// <summary>
/// What <see cref="Extensions.AddServiceDefaults"/> gives every HttpClient: Microsoft.Extensions.Http.Resilience's
/// standard handler, and retries that are logged without what a request may carry of secrets.
/// </summary>
public sealed class HttpClientDefaultsTests
{
    [Fact]
    public async Task AClientWithoutAPipelineOfItsOwnGetsTheStandardOneFromTheDefaults()
    {
        // Arrange: a 503 whose Retry-After (0 s) the standard retry honours, so the test does not wait its 2 s backoff.
        await using var server = await RecordingServer.StartAsync((hit, context) =>
        {
            context.Response.StatusCode = hit == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
        using var host = Host(out _);

        // Act
        using var response = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("remote")
            .GetAsync(new Uri(server.BaseAddress, "/"));

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.Hits.ShouldBe(2);
    }

    [Fact]
    public async Task AClientThatRemovesTheDefaultHandlerRunsOnlyItsOwnPipeline()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
        using var host = Host(out _, services =>
        {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is [Experimental]: what is tested here is the way the product uses it.
            services.AddHttpClient("own").RemoveAllResilienceHandlers()
                .AddResilienceHandler("timeout-only", pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(5)));
#pragma warning restore EXTEXP0001
        });

        // Act
        using var response = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("own")
            .GetAsync(new Uri(server.BaseAddress, "/"));

        // Assert: one attempt, not the standard handler's four around it.
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        server.Hits.ShouldBe(1);
    }

    [Fact]
    public async Task ARetryIsLoggedAsAWarningAndNoLogCarriesTheQueryStringOrHeaders()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((hit, context) =>
        {
            context.Response.StatusCode = hit == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            context.Response.Headers.RetryAfter = "0";
            return Task.CompletedTask;
        });
        using var host = Host(out var logs);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "/api/consumption?access_token=secret-token"));
        request.Headers.Authorization = new("Bearer", "secret-bearer");

        // Act
        using var response = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("remote").SendAsync(request);

        // Assert
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        logs.Entries.ShouldContain(entry => entry.Level == LogLevel.Warning && entry.Message.Contains("OnRetry", StringComparison.Ordinal));
        logs.Entries.ShouldAllBe(entry => !entry.Message.Contains("secret", StringComparison.Ordinal));
    }

    private static IHost Host(out CollectingLoggerProvider logs, Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        logs = new CollectingLoggerProvider();
        builder.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.AddServiceDefaults();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    private sealed record Entry(LogLevel Level, string Message);

    private sealed class CollectingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Enqueue(new Entry(logLevel, formatter(state, exception) + " " + exception));

        public void Dispose()
        {
        }
    }
}
