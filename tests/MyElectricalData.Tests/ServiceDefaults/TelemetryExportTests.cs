using System.Net.Http.Json;
using MyElectricalData.Tests.Features.Security;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.ServiceDefaults;

/// <summary>What ServiceDefaults' OpenTelemetry sends to the AppHost's dashboard: request spans and the client integrations' own.</summary>
[Collection(TelemetryAppHostCollection.Name)]
public sealed class TelemetryExportTests(TelemetryAppHostFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ARequestSpanIsNamedByItsRouteAndKeepsNoQueryString()
    {
        var token = $"not-a-token-{Guid.NewGuid():N}";
        using var api = fixture.CreateHttpClient("api");

        using var _ = await api.GetAsync($"/api/accounts/verify-email?token={token}");

        var store = fixture.App.Dashboard!.Store;
        var span = await Poll.UntilAsync(
            () => Task.FromResult(store.Spans().LastOrDefault(s => s.Service == "api" && s.Name == "GET /api/accounts/verify-email")),
            s => s is not null, Deadline, "the server span of GET /api/accounts/verify-email");
        span!.Kind.ShouldBe("Server");
        span.Attributes["http.route"].ShouldBe("/api/accounts/verify-email");
        span.Attributes.ContainsKey("url.query").ShouldBeFalse();
        store.Spans().ShouldNotContain(s => s.Attributes.Values.Any(v => v.Contains(token, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheRedisIntegrationsSpansReachTheExporterInsideTheRequestsTrace()
    {
        using var api = fixture.CreateHttpClient("api");

        // The login throttle counts attempts in Redis.
        using var _ = await api.PostAsJsonAsync("/api/accounts/login", new { email = GatewayClient.UniqueEmail("otel"), password = "Wrong-Password-1" });

        var store = fixture.App.Dashboard!.Store;
        await Poll.UntilAsync(() => store.Spans()
                .Where(s => s.Service == "api" && s.Name == "POST /api/accounts/login")
                .Any(login => store.Spans().Any(s => s.TraceId == login.TraceId && s.Scope == "OpenTelemetry.Instrumentation.StackExchangeRedis")),
            Deadline, "a Redis span in the trace of POST /api/accounts/login");
    }
}
