using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MyElectricalData.ServiceDefaults.Resilience;

namespace MyElectricalData.Tests.ServiceDefaults;

public sealed class RetryLoggingTests
{
    [Fact]
    public async Task EachRetryIsLoggedAsAWarningThatLeavesOutTheQueryStringAndHeaders()
    {
        // Arrange
        await using var server = await RecordingServer.StartAsync((hit, context) =>
        {
            context.Response.StatusCode = hit == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var logs = new CollectingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddHttpClient("remote", client => client.BaseAddress = server.BaseAddress)
            .AddStandardResilienceHandler(ResilientClients.Fast);
        await using var provider = services.BuildServiceProvider();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/consumption?access_token=secret-token");
        request.Headers.Authorization = new("Bearer", "secret-bearer");

        // Act
        using var response = await provider.Client("remote").SendAsync(request);

        // Assert
        var warning = logs.Entries.Where(entry => entry.Level == LogLevel.Warning).ShouldHaveSingleItem();
        warning.Message.ShouldContain($"GET {server.BaseAddress.Authority}/api/consumption attempt 1 got ServiceUnavailable");
        warning.Message.ShouldNotContain("secret");
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
            _entries.Enqueue(new Entry(logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
