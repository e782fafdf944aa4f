using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Enedis.Metering;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.MeterData;

public sealed record MeterReadingEnvelope(MeterReading MeterReading);

/// <summary>The Enedis data routes of SPEC §4: meter readings and customer data of the caller's own PDLs, cached.</summary>
public static class MeterDataEndpoints
{
    public static IEndpointRouteBuilder MapMeterData(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/enedis").WithTags("Enedis data").RequireAuthorization().WithErrorResponses();
        MapReading(group, "/consumption/daily/{usage_point_id}", MeteringKind.DailyConsumption, null, "GetDailyConsumption", "Daily consumption (Wh per day).");
        MapReading(group, "/consumption/detail/{usage_point_id}", MeteringKind.ConsumptionLoadCurve, 7, "GetConsumptionLoadCurve", "Consumption load curve (W, 30-minute intervals, timestamps at interval start), at most 7 days.");
        MapReading(group, "/consumption/detail/batch/{usage_point_id}", MeteringKind.ConsumptionLoadCurve, 731, "GetConsumptionLoadCurveBatch", "Consumption load curve over a long period (split into weekly calls).");
        MapReading(group, "/power/{usage_point_id}", MeteringKind.MaxPower, null, "GetMaxPower", "Daily maximum power (VA).");
        MapReading(group, "/production/daily/{usage_point_id}", MeteringKind.DailyProduction, null, "GetDailyProduction", "Daily production (Wh per day).");
        MapReading(group, "/production/detail/{usage_point_id}", MeteringKind.ProductionLoadCurve, 7, "GetProductionLoadCurve", "Production load curve (W), at most 7 days.");
        MapReading(group, "/production/detail/batch/{usage_point_id}", MeteringKind.ProductionLoadCurve, 731, "GetProductionLoadCurveBatch", "Production load curve over a long period.");
        MapCustomer(group, "/contract/{usage_point_id}", CustomerResource.Contracts, "GetContract", "The usage point's contract (Enedis payload).");
        MapCustomer(group, "/address/{usage_point_id}", CustomerResource.Addresses, "GetAddress", "The usage point's address (Enedis payload).");
        MapCustomer(group, "/customer/{usage_point_id}", CustomerResource.Identity, "GetCustomer", "The customer's identity (Enedis payload).");
        MapCustomer(group, "/contact/{usage_point_id}", CustomerResource.Contact, "GetContact", "The customer's contact data (Enedis payload).");
        group.MapDelete("/cache/{usage_point_id}", DeleteCacheAsync).WithName("DeleteCache").WithSummary("Remove the caller's cached data of one PDL.");
        return app;
    }

    private static void MapReading(RouteGroupBuilder group, string pattern, MeteringKind kind, int? maxDays, string name, string summary) =>
        group.MapGet(pattern, (HttpContext http, string usage_point_id, string? start, string? end, bool? use_cache, MeterRequests requests,
                MeterDataService data, CancellationToken ct) => ReadAsync(http, kind, maxDays, usage_point_id, start, end, use_cache ?? true, requests, data, ct))
            .WithName(name).WithSummary(summary);

    private static void MapCustomer(RouteGroupBuilder group, string pattern, CustomerResource resource, string name, string summary) =>
        group.MapGet(pattern, (HttpContext http, string usage_point_id, bool? use_cache, MeterRequests requests, MeterDataService data, CancellationToken ct) =>
                ReadCustomerAsync(http, resource, usage_point_id, use_cache ?? true, requests, data, ct))
            .WithName(name).WithSummary(summary);

    /// <summary>Reads a range; shared with the legacy routes, which only shape the answer differently.</summary>
    public static async Task<(MeterDataResult Result, QuotaState Quota)> ReadRangeAsync(HttpContext http, MeteringKind kind, int? maxDays,
        string usagePointId, string? start, string? end, bool useCache, MeterRequests requests, MeterDataService data, CancellationToken cancellationToken)
    {
        // Bad input is answered as such first, whoever asks; then ownership, consent and the cache key.
        var range = requests.ParseRange(kind, start, end, maxDays);
        var key = await requests.AuthorizeReadAsync(http, usagePointId, cancellationToken);
        var plan = await data.PlanAsync(key, kind, usagePointId, range, useCache);
        // Counted, and refused (429) when over quota, before any call to Enedis.
        var quota = await requests.CountAsync(http, cached: !plan.NeedsUpstream);
        var result = await data.CompleteAsync(plan, EnedisPriority.Interactive, cancellationToken);
        quota.WriteHeaders(http.Response);
        http.Response.Headers["X-Cache-Status"] = result.CacheStatus.ToString().ToUpperInvariant();
        return (result, quota);
    }

    private static async Task<Ok<ApiResponse<MeterReadingEnvelope>>> ReadAsync(HttpContext http, MeteringKind kind, int? maxDays, string usagePointId,
        string? start, string? end, bool useCache, MeterRequests requests, MeterDataService data, CancellationToken cancellationToken)
    {
        var (result, _) = await ReadRangeAsync(http, kind, maxDays, usagePointId, start, end, useCache, requests, data, cancellationToken);
        var body = Envelope.Wrap(new MeterReadingEnvelope(result.Reading));
        if (result.Failure is { } failure)
        {
            // Success with what exists; the error says what is missing.
            var missing = EnedisErrorMapping.ToApiError(failure);
            body = body with { Error = new ApiErrorBody(ErrorCodes.PartialData, $"Données partielles : {missing.Message}") };
        }
        return TypedResults.Ok(body);
    }

    private static async Task<Ok<ApiResponse<System.Text.Json.JsonElement>>> ReadCustomerAsync(HttpContext http, CustomerResource resource, string usagePointId,
        bool useCache, MeterRequests requests, MeterDataService data, CancellationToken cancellationToken) =>
        Envelope.Ok(await ReadCustomerDataAsync(http, resource, usagePointId, useCache, requests, data, cancellationToken));

    /// <summary>Reads one customer resource; shared with the legacy routes, which only shape the answer differently.</summary>
    public static async Task<System.Text.Json.JsonElement> ReadCustomerDataAsync(HttpContext http, CustomerResource resource, string usagePointId,
        bool useCache, MeterRequests requests, MeterDataService data, CancellationToken cancellationToken)
    {
        var key = await requests.AuthorizeReadAsync(http, usagePointId, cancellationToken);
        var plan = await data.PlanCustomerAsync(key, resource, usagePointId, useCache);
        // Counted, and refused (429) when over quota, before any call to Enedis.
        var quota = await requests.CountAsync(http, cached: !plan.NeedsUpstream);
        var (payload, status) = await data.CompleteCustomerAsync(plan, cancellationToken);
        quota.WriteHeaders(http.Response);
        http.Response.Headers["X-Cache-Status"] = status.ToString().ToUpperInvariant();
        return payload;
    }

    private static async Task<Ok<ApiResponse<MessageResponse>>> DeleteCacheAsync(HttpContext http, string usage_point_id, MeterRequests requests,
        MeterCache cache, CancellationToken cancellationToken)
    {
        await requests.AuthorizeAsync(http, usage_point_id, cancellationToken);
        var deleted = await cache.ForgetUsagePointAsync(usage_point_id);
        return Envelope.Ok(new MessageResponse($"{deleted} entrée(s) de cache supprimée(s)."));
    }
}
