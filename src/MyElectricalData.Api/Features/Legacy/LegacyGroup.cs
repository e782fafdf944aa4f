using System.Text.Json;
using System.Text.Json.Serialization;
using FastEndpoints;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>
/// The previous gateway's API (SPEC §4 "Legacy v1", reference/legacy-v1/openapi.json), kept at the root paths for
/// Home Assistant integrations and scripts: the bare client_secret in <c>Authorization</c>, Enedis-shaped bodies
/// (no envelope), errors as <c>{"error", "description"}</c>. It owns only the shapes: ownership, dates, cache and
/// quotas are the /api data path's (<see cref="MeterData.MeterReads"/>).
/// </summary>
public sealed class LegacyGroup : Group
{
    public const string Tag = "Legacy v1";

    private static readonly int[] ErrorStatuses = [400, 401, 403, 404, 429];

    // Root paths: the old gateway had no prefix. Authentication accepts the bare secret; every failure takes the old body.
    public LegacyGroup() => Configure("", endpoint =>
    {
        endpoint.Metadata(LegacyError.Shape, new RawClientSecretMetadata());
        // The error statuses document the legacy body, not the envelope.
        endpoint.Description(builder => builder.WithTags(Tag).Add(route =>
        {
            foreach (var status in ErrorStatuses)
            {
                route.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(LegacyError), ["application/json"]));
            }
        }));
    });
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
