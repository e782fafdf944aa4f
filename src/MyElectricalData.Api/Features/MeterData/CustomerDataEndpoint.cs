using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Customers;

namespace MyElectricalData.Api.Features.MeterData;

public sealed class CustomerDataRequest
{
    /// <summary>The usage point (PDL) number, 14 digits.</summary>
    [BindFrom("usage_point_id")]
    public string UsagePointId { get; init; } = "";

    /// <summary>false: ask Enedis even when the payload is cached (counts against the Enedis quota).</summary>
    [QueryParam]
    public bool? UseCache { get; init; }
}

/// <summary>The customer-data routes of <c>/api/enedis</c> (Enedis' payload, cached whole): one class per route below.</summary>
public abstract class CustomerDataEndpoint(MeterReads reads) : Endpoint<CustomerDataRequest, Ok<ApiResponse<JsonElement>>>
{
    protected abstract CustomerResource Resource { get; }

    protected void Map(string route, string name, string summary)
    {
        Get(route);
        Group<EnedisDataGroup>();
        Description(b => b.WithName(name));
        Summary(s => s.Summary = summary);
    }

    public override async Task<Ok<ApiResponse<JsonElement>>> ExecuteAsync(CustomerDataRequest request, CancellationToken ct) =>
        Envelope.Ok(await reads.ReadCustomerAsync(HttpContext, Resource, request.UsagePointId, request.UseCache ?? true, ct));
}

public sealed class GetContract(MeterReads reads) : CustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contracts;

    public override void Configure() => Map("/contract/{usage_point_id}", "GetContract", "The usage point's contract (Enedis payload).");
}

public sealed class GetAddress(MeterReads reads) : CustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Addresses;

    public override void Configure() => Map("/address/{usage_point_id}", "GetAddress", "The usage point's address (Enedis payload).");
}

public sealed class GetCustomer(MeterReads reads) : CustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Identity;

    public override void Configure() => Map("/customer/{usage_point_id}", "GetCustomer", "The customer's identity (Enedis payload).");
}

public sealed class GetContact(MeterReads reads) : CustomerDataEndpoint(reads)
{
    protected override CustomerResource Resource => CustomerResource.Contact;

    public override void Configure() => Map("/contact/{usage_point_id}", "GetContact", "The customer's contact data (Enedis payload).");
}
