// Owns: the four customer payloads, field for field as in Enedis' published examples. Contracts and addresses
// share one shape (customer.usage_points[]); identity and contact are flat, as the published files declare them.
namespace MyElectricalData.EnedisSandbox.Customers;

public sealed record UsagePointsResponse(UsagePointsCustomer Customer);

public sealed record UsagePointsCustomer(string CustomerId, IReadOnlyList<UsagePointEntry> UsagePoints);

/// <summary>An entry of customer.usage_points: the usage point, plus its contract in the contracts payload.</summary>
public sealed record UsagePointEntry(UsagePoint UsagePoint, Contract? Contracts = null);

public sealed record UsagePoint(string UsagePointId, string UsagePointStatus, string MeterType, UsagePointAddress? UsagePointAddresses = null);

public sealed record Contract(
    string Segment,
    string SubscribedPower,
    string LastActivationDate,
    string DistributionTariff,
    string OffpeakHours,
    string ContractType,
    string ContractStatus,
    string LastDistributionTariffChangeDate);

public sealed record UsagePointAddress(
    string Street,
    string? Locality,
    string PostalCode,
    string InseeCode,
    string City,
    string Country,
    GeoPoints GeoPoints);

public sealed record GeoPoints(string Latitude, string Longitude, string Altitude);

public sealed record IdentityResponse(string CustomerId, Identity Identity);

public sealed record Identity(NaturalPerson NaturalPerson);

public sealed record NaturalPerson(string Title, string Firstname, string Lastname);

public sealed record ContactResponse(string CustomerId, ContactData Contact);

public sealed record ContactData(string Phone, string Email);
