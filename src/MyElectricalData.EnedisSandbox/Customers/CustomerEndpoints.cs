// Owns: the four customer endpoints (contracts, addresses, identity, contact data): usage point rules and
// consent, then the directory's payload. Token, quota, faults and the call log wrap them (see DataEndpoints).
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.EnedisSandbox.Authorize;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Customers;

internal static class CustomerEndpoints
{
    public static IEndpointRouteBuilder MapCustomers(this IEndpointRouteBuilder data)
    {
        Map(data, "/customers_upc/v5/usage_points/contracts", "Contracts", (directory, id) => directory.Contracts(id));
        Map(data, "/customers_upa/v5/usage_points/addresses", "Addresses", (directory, id) => directory.Addresses(id));
        Map(data, "/customers_i/v5/identity", "Identity", (directory, id) => directory.Identity(id));
        Map(data, "/customers_cd/v5/contact_data", "ContactData", (directory, id) => directory.Contact(id));
        return data;
    }

    private static void Map<T>(IEndpointRouteBuilder data, string path, string name, Func<CustomerDirectory, string, T> payload) =>
        data.MapGet(path, Results<Ok<T>, JsonHttpResult<EnedisErrorBody>> (HttpRequest request, ConsentRegistry consents, CustomerDirectory directory) =>
            {
                var usagePointId = request.Query["usage_point_id"].ToString();
                var error = usagePointId.Length == 0 ? EnedisError.InvalidRequest("usage_point_id parameter is required.")
                    : !UsagePointIds.IsValid(usagePointId) ? EnedisError.InvalidRequest("usage_point_id parameter must be 14 digits long.")
                    : consents.Check(usagePointId);
                return error is null ? TypedResults.Ok(payload(directory, usagePointId)) : error.ToResult();
            })
            .WithName(name)
            .WithSummary($"Enedis {path}: query usage_point_id.");
}
