using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.MeterData;
using MyElectricalData.Enedis.Customers;

namespace MyElectricalData.Api.Features.Legacy;

/// <summary>
/// <c>/{contracts|addresses|identity|contact}/{id}[/cache]</c>: Enedis' payload as-is, through the /api read path
/// (<see cref="MeterReads"/>); without <c>/cache</c>, Enedis is asked. One class per route below.
/// </summary>
public abstract class LegacyCustomerDataEndpoint(MeterReads reads) : Endpoint<UsagePointRequest, JsonHttpResult<JsonElement>>
{
    protected abstract CustomerResource Resource { get; }

    protected abstract bool UseCache { get; }

    protected void Map(string route, string name, string summary)
    {
        Get(route);
        Group<LegacyGroup>();
        Description(b => b.WithName(name).Produces<JsonElement>(StatusCodes.Status200OK));
        Summary(s => s.Summary = summary);
    }

    public override async Task<JsonHttpResult<JsonElement>> ExecuteAsync(UsagePointRequest request, CancellationToken ct) =>
        TypedResults.Json(await reads.ReadCustomerAsync(HttpContext, Resource, request.UsagePointId, UseCache, ct), LegacyJson.Options);
}

public sealed class LegacyContracts(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contracts;

    protected override bool UseCache => false;

    public override void Configure() => Map("/contracts/{usage_point_id}", "LegacyContracts", "The usage point's contract (Enedis payload), read from Enedis.");
}

public sealed class LegacyContractsCache(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contracts;

    protected override bool UseCache => true;

    public override void Configure() => Map("/contracts/{usage_point_id}/cache", "LegacyContractsCache", "The usage point's contract (Enedis payload), from the cache where possible.");
}

public sealed class LegacyAddresses(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Addresses;

    protected override bool UseCache => false;

    public override void Configure() => Map("/addresses/{usage_point_id}", "LegacyAddresses", "The usage point's address (Enedis payload), read from Enedis.");
}

public sealed class LegacyAddressesCache(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Addresses;

    protected override bool UseCache => true;

    public override void Configure() => Map("/addresses/{usage_point_id}/cache", "LegacyAddressesCache", "The usage point's address (Enedis payload), from the cache where possible.");
}

public sealed class LegacyIdentity(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Identity;

    protected override bool UseCache => false;

    public override void Configure() => Map("/identity/{usage_point_id}", "LegacyIdentity", "The customer's identity (Enedis payload), read from Enedis.");
}

public sealed class LegacyIdentityCache(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Identity;

    protected override bool UseCache => true;

    public override void Configure() => Map("/identity/{usage_point_id}/cache", "LegacyIdentityCache", "The customer's identity (Enedis payload), from the cache where possible.");
}

public sealed class LegacyContact(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contact;

    protected override bool UseCache => false;

    public override void Configure() => Map("/contact/{usage_point_id}", "LegacyContact", "The customer's contact data (Enedis payload), read from Enedis.");
}

public sealed class LegacyContactCache(MeterReads reads) : LegacyCustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contact;

    protected override bool UseCache => true;

    public override void Configure() => Map("/contact/{usage_point_id}/cache", "LegacyContactCache", "The customer's contact data (Enedis payload), from the cache where possible.");
}
