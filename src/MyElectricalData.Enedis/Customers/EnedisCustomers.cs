using System.Globalization;
using System.Text.Json;
using Microsoft.Kiota.Abstractions.Serialization;
using MyElectricalData.Enedis.Errors;

namespace MyElectricalData.Enedis.Customers;

public enum CustomerResource
{
    Contracts,
    Addresses,
    Identity,
    Contact,
}

/// <summary>The contract facts a PDL keeps.</summary>
public sealed record ContractFacts(string? SubscribedPower, string? OffpeakHours, DateOnly? LastActivationDate, string? MeterType);

/// <summary>Customer data of a usage point, as Enedis' own JSON payload (the gateway serves it unchanged).</summary>
public interface IEnedisCustomers
{
    Task<JsonElement> GetAsync(CustomerResource resource, string usagePointId, CancellationToken cancellationToken);

    Task<ContractFacts> GetContractFactsAsync(string usagePointId, CancellationToken cancellationToken);
}

internal sealed class EnedisCustomers(EnedisClients clients) : IEnedisCustomers
{
    public Task<JsonElement> GetAsync(CustomerResource resource, string usagePointId, CancellationToken cancellationToken) =>
        EnedisCallInstrumentation.RunAsync(resource.ToString().ToLowerInvariant(), async _ =>
        {
            var client = clients.Customers();
            IParsable? payload = resource switch
            {
                CustomerResource.Contracts => await client.Customers_upc.V5.Usage_points.Contracts.GetAsync(c => c.QueryParameters.UsagePointId = usagePointId, cancellationToken),
                CustomerResource.Addresses => await client.Customers_upa.V5.Usage_points.Addresses.GetAsync(c => c.QueryParameters.UsagePointId = usagePointId, cancellationToken),
                CustomerResource.Identity => await client.Customers_i.V5.Identity.GetAsync(c => c.QueryParameters.UsagePointId = usagePointId, cancellationToken),
                CustomerResource.Contact => await client.Customers_cd.V5.Contact_data.GetAsync(c => c.QueryParameters.UsagePointId = usagePointId, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(resource)),
            };
            if (payload is null)
            {
                throw new EnedisException(EnedisErrorKind.BadResponse, null, "Enedis sent an empty answer.");
            }
            var json = await KiotaJsonSerializer.SerializeAsStringAsync(payload, serializeOnlyChangedValues: false, cancellationToken: cancellationToken);
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }, cancellationToken);

    public async Task<ContractFacts> GetContractFactsAsync(string usagePointId, CancellationToken cancellationToken)
    {
        var payload = await GetAsync(CustomerResource.Contracts, usagePointId, cancellationToken);
        var contracts = Path(payload, "customer", "usage_points", 0, "contracts");
        return new ContractFacts(
            Text(contracts, "subscribed_power"),
            Text(contracts, "offpeak_hours"),
            Text(contracts, "last_activation_date") is { Length: >= 10 } date
                && DateOnly.TryParseExact(date[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null,
            Text(Path(payload, "customer", "usage_points", 0, "usage_point"), "meter_type"));
    }

    private static JsonElement? Path(JsonElement root, params object[] steps)
    {
        JsonElement? current = root;
        foreach (var step in steps)
        {
            current = (current, step) switch
            {
                ({ ValueKind: JsonValueKind.Object } c, string name) when c.TryGetProperty(name, out var next) => next,
                ({ ValueKind: JsonValueKind.Array } c, int index) when c.GetArrayLength() > index => c[index],
                _ => null,
            };
        }
        return current;
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
