using System.Text.Json;
using System.Text.Json.Serialization;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>
/// The previous gateway's API (SPEC §4 "Legacy v1", reference/legacy-v1/openapi.json), kept at the root paths for
/// Home Assistant integrations and scripts: the bare client_secret in <c>Authorization</c>, Enedis-shaped bodies
/// (no envelope), errors as <c>{"error", "description"}</c>. It owns only the shapes: ownership, dates, cache and
/// quotas are the /api data path's (<c>MeterDataEndpoints</c>, <c>MeterRequests</c>, <c>MeterDataService</c>).
/// </summary>
public static class LegacyV1Endpoints
{
    public const string Tag = "Legacy v1";

    public static IEndpointRouteBuilder MapLegacyV1(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("").WithTags(Tag).WithMetadata(LegacyError.Shape);
        Ping.Map(open);

        var group = app.MapGroup("").WithTags(Tag).RequireAuthorization().AcceptRawClientSecret().WithMetadata(LegacyError.Shape);
        // The error statuses document the legacy body, not the envelope.
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            foreach (var status in new[] { 400, 401, 403, 404, 429 })
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(LegacyError), ["application/json"]));
            }
        });
        ReadMeterReading.Map(group);
        ReadCustomerData.Map(group);
        ValidAccess.Map(group);
        DeleteCache.Map(group);
        return app;
    }
}

/// <summary>The old gateway's error body, for every failure of a legacy route (statuses as on /api).</summary>
public sealed record LegacyError(string Error, string Description)
{
    public static readonly IErrorBodyShape Shape = new LegacyErrorShape();

    private sealed class LegacyErrorShape : IErrorBodyShape
    {
        public object Body(ApiError error) => new LegacyError(error.Code, error.Message);
    }
}

public static class LegacyJson
{
    /// <summary>
    /// snake_case as on /api, but absent fields left out rather than null: the old gateway relayed Enedis' JSON,
    /// where a daily reading has no <c>interval_length</c> at all, and its clients were written against that.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
