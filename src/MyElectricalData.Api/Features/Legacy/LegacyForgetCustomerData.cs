using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>Response of a customer resource's cache deletion, as the old gateway answered it.</summary>
public sealed record LegacyDeleteResponse(string UsagePointId, string Path, bool Delete);

/// <summary><c>DELETE /{contracts|addresses|identity|contact}/{id}/cache</c>: forgets the cached payload. One class per route below.</summary>
public abstract class LegacyForgetCustomerDataEndpoint(MeterAccess access, MeterCache cache) : Endpoint<UsagePointRequest, JsonHttpResult<LegacyDeleteResponse>>
{
    protected abstract CustomerResource Resource { get; }

    protected void Map(string route, string name, string summary)
    {
        Delete(route);
        Group<LegacyGroup>();
        Description(b => b.WithName(name).Produces<LegacyDeleteResponse>(StatusCodes.Status200OK));
        Summary(s => s.Summary = summary);
    }

    public override async Task<JsonHttpResult<LegacyDeleteResponse>> ExecuteAsync(UsagePointRequest request, CancellationToken ct)
    {
        await access.AuthorizeAsync(HttpContext, request.UsagePointId, ct);
        var deleted = await cache.ForgetAsync(CacheKeys.Customer(Resource, request.UsagePointId));
        return TypedResults.Json(new LegacyDeleteResponse(request.UsagePointId, HttpContext.Request.Path.Value ?? "", deleted), LegacyJson.Options);
    }
}

public sealed class LegacyDeleteContractsCache(MeterAccess access, MeterCache cache) : LegacyForgetCustomerDataEndpoint(access, cache)
{
    protected override CustomerResource Resource => CustomerResource.Contracts;

    public override void Configure() => Map("/contracts/{usage_point_id}/cache", "LegacyDeleteContractsCache", "The usage point's contract (Enedis payload): forget the cached copy.");
}

public sealed class LegacyDeleteAddressesCache(MeterAccess access, MeterCache cache) : LegacyForgetCustomerDataEndpoint(access, cache)
{
    protected override CustomerResource Resource => CustomerResource.Addresses;

    public override void Configure() => Map("/addresses/{usage_point_id}/cache", "LegacyDeleteAddressesCache", "The usage point's address (Enedis payload): forget the cached copy.");
}

public sealed class LegacyDeleteIdentityCache(MeterAccess access, MeterCache cache) : LegacyForgetCustomerDataEndpoint(access, cache)
{
    protected override CustomerResource Resource => CustomerResource.Identity;

    public override void Configure() => Map("/identity/{usage_point_id}/cache", "LegacyDeleteIdentityCache", "The customer's identity (Enedis payload): forget the cached copy.");
}

public sealed class LegacyDeleteContactCache(MeterAccess access, MeterCache cache) : LegacyForgetCustomerDataEndpoint(access, cache)
{
    protected override CustomerResource Resource => CustomerResource.Contact;

    public override void Configure() => Map("/contact/{usage_point_id}/cache", "LegacyDeleteContactCache", "The customer's contact data (Enedis payload): forget the cached copy.");
}
