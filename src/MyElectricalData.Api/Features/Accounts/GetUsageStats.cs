using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

public sealed record UsageStatsResponse(long CachedRequests, long NoCacheRequests, int CachedLimit, int NoCacheLimit, DateOnly Date);

/// <summary><c>GET /api/accounts/usage-stats</c>.</summary>
public sealed class GetUsageStats(UsageCounters counters, IOptions<QuotaOptions> quotas) : EndpointWithoutRequest<Ok<ApiResponse<UsageStatsResponse>>>
{
    public override void Configure()
    {
        Get("/usage-stats");
        Group<AccountsGroup>();
        Description(b => b.WithName("GetUsageStats"));
        Summary(s => s.Summary = "Today's request counts against the daily quotas (UTC day).");
    }

    public override async Task<Ok<ApiResponse<UsageStatsResponse>>> ExecuteAsync(CancellationToken ct)
    {
        var usage = await counters.GetAsync(User.Id());
        return Envelope.Ok(new UsageStatsResponse(usage.CachedRequests, usage.NoCacheRequests, quotas.Value.CachedLimit, quotas.Value.NoCacheLimit, usage.Date));
    }
}
