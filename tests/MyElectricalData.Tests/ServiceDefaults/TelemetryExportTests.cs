using System.Net.Http.Json;
using MyElectricalData.Tests.Features.Security;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.ServiceDefaults;

/// <summary>What ServiceDefaults' OpenTelemetry sends to the Aspire dashboard: request spans and the client integrations' own.</summary>
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

        var dashboard = await DashboardTelemetry.ConnectAsync(fixture.Topology);
        var spans = await Poll.UntilAsync(() => dashboard.SpansAsync(), all => all.Any(IsVerifyEmail), Deadline,
            "the server span of GET /api/accounts/verify-email");
        var span = spans.Last(IsVerifyEmail);
        span.Kind.ShouldBe(2, "a server span");
        span.Attributes["http.route"].ShouldBe("/api/accounts/verify-email");
        span.Attributes.ContainsKey("url.query").ShouldBeFalse();
        spans.ShouldNotContain(s => s.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRedisIntegrationsSpansReachTheExporterInsideTheRequestsTrace()
    {
        using var api = fixture.CreateHttpClient("api");

        // The login throttle counts attempts in Redis.
        using var _ = await api.PostAsJsonAsync("/api/accounts/login", new { email = GatewayClient.UniqueEmail("otel"), password = "Wrong-Password-1" });

        var dashboard = await DashboardTelemetry.ConnectAsync(fixture.Topology);
        await Poll.UntilAsync(() => dashboard.SpansAsync(), spans => spans
                .Where(s => s.Service == "api" && s.Name == "POST /api/accounts/login")
                .Any(login => spans.Any(s => s.TraceId == login.TraceId && s.Scope == "OpenTelemetry.Instrumentation.StackExchangeRedis")),
            Deadline, "a Redis span in the trace of POST /api/accounts/login");
    }

    private static bool IsVerifyEmail(TelemetrySpan span) => span.Service == "api" && span.Name == "GET /api/accounts/verify-email";
}
