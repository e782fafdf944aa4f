using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>Response of a customer resource's cache deletion, as the old gateway answered it.</summary>
public sealed record LegacyDeleteResponse(string UsagePointId, string Path, bool Delete);

/// <summary><c>/{contracts|addresses|identity|contact}/{id}[/cache]</c>: Enedis' payload as-is; <c>DELETE .../cache</c> forgets it.</summary>
public static class ReadCustomerData
{
    private static readonly (string Route, string Name, CustomerResource Resource, string Summary)[] Routes =
    [
        ("contracts", "Contracts", CustomerResource.Contracts, "The usage point's contract (Enedis payload)"),
        ("addresses", "Addresses", CustomerResource.Addresses, "The usage point's address (Enedis payload)"),
        ("identity", "Identity", CustomerResource.Identity, "The customer's identity (Enedis payload)"),
        ("contact", "Contact", CustomerResource.Contact, "The customer's contact data (Enedis payload)"),
    ];

    public static void Map(RouteGroupBuilder group)
    {
        foreach (var (route, name, resource, summary) in Routes)
        {
            var pattern = $"/{route}/{{usage_point_id}}";
            group.MapGet(pattern, (HttpContext http, string usage_point_id, MeterRequests requests, MeterDataService data, CancellationToken ct) =>
                    ReadAsync(http, resource, usage_point_id, useCache: false, requests, data, ct))
                .WithName($"Legacy{name}").WithSummary($"{summary}, read from Enedis.");
            group.MapGet(pattern + "/cache", (HttpContext http, string usage_point_id, MeterRequests requests, MeterDataService data, CancellationToken ct) =>
                    ReadAsync(http, resource, usage_point_id, useCache: true, requests, data, ct))
                .WithName($"Legacy{name}Cache").WithSummary($"{summary}, from the cache where possible.");
            group.MapDelete(pattern + "/cache", (HttpContext http, string usage_point_id, MeterRequests requests, MeterCache cache, CancellationToken ct) =>
                    ForgetAsync(http, resource, usage_point_id, requests, cache, ct))
                .WithName($"LegacyDelete{name}Cache").WithSummary($"{summary}: forget the cached copy.");
        }
    }

    private static async Task<JsonHttpResult<JsonElement>> ReadAsync(HttpContext http, CustomerResource resource, string usagePointId, bool useCache,
        MeterRequests requests, MeterDataService data, CancellationToken cancellationToken) =>
        TypedResults.Json(await MeterDataEndpoints.ReadCustomerDataAsync(http, resource, usagePointId, useCache, requests, data, cancellationToken), LegacyJson.Options);

    private static async Task<JsonHttpResult<LegacyDeleteResponse>> ForgetAsync(HttpContext http, CustomerResource resource, string usagePointId,
        MeterRequests requests, MeterCache cache, CancellationToken cancellationToken)
    {
        await requests.AuthorizeAsync(http, usagePointId, cancellationToken);
        var deleted = await cache.ForgetAsync(CacheKeys.Customer(resource, usagePointId));
        return TypedResults.Json(new LegacyDeleteResponse(usagePointId, http.Request.Path.Value ?? "", deleted), LegacyJson.Options);
    }
}
