// Owns: who lives behind each usage point (customer id, name, address, contact) and their contract terms,
// invented deterministically from the id. All names and street numbers are fictitious.
using System.Globalization;
using MyElectricalData.EnedisSandbox.Data;

namespace MyElectricalData.EnedisSandbox.Customers;

internal sealed class CustomerDirectory(MeterCatalog meters)
{
    private static readonly (string Title, string First, string Last)[] People =
    [
        ("Mme", "Camille", "Martin"), ("M.", "Julien", "Bernard"), ("Mme", "Léa", "Dubois"), ("M.", "Hugo", "Moreau"),
        ("Mme", "Chloé", "Laurent"), ("M.", "Lucas", "Lefèvre"), ("Mme", "Manon", "Garnier"), ("M.", "Thomas", "Roux"),
    ];

    private static readonly string[] Streets =
    [
        "rue des Lilas", "avenue Jean Jaurès", "chemin des Vignes", "rue de la Gare", "impasse des Tilleuls", "boulevard Victor Hugo",
    ];

    // Real communes (postal code, INSEE code, centre coordinates, altitude) so that geocoding-minded clients behave.
    private static readonly (string PostalCode, string Insee, string City, string Latitude, string Longitude, string Altitude)[] Towns =
    [
        ("69001", "69381", "Lyon", "45.767", "4.834", "170"),
        ("31000", "31555", "Toulouse", "43.604", "1.444", "146"),
        ("44000", "44109", "Nantes", "47.218", "-1.554", "8"),
        ("35000", "35238", "Rennes", "48.117", "-1.678", "40"),
        ("67000", "67482", "Strasbourg", "48.573", "7.752", "142"),
        ("33000", "33063", "Bordeaux", "44.837", "-0.579", "10"),
    ];

    public UsagePointsResponse Contracts(string usagePointId)
    {
        var meter = meters.Profile(usagePointId);
        var random = DeterministicRandom.For(usagePointId, "contract");
        var tariffChange = meter.ActivationDate.AddDays(random.NextInt(3 * 365));
        var contract = new Contract(
            Segment: "C5",
            SubscribedPower: $"{meter.SubscribedKva} kVA",
            LastActivationDate: DateWithOffset(meter.ActivationDate),
            DistributionTariff: "BTINFCUST",
            OffpeakHours: meter.OffpeakHours,
            ContractType: "CRAE",
            ContractStatus: "SERVC",
            LastDistributionTariffChangeDate: DateWithOffset(tariffChange));
        return new UsagePointsResponse(new UsagePointsCustomer(CustomerId(usagePointId), [new UsagePointEntry(Linky(usagePointId), contract)]));
    }

    public UsagePointsResponse Addresses(string usagePointId)
    {
        var random = DeterministicRandom.For(usagePointId, "address");
        var town = random.Pick(Towns);
        var address = new UsagePointAddress(
            Street: $"{1 + random.NextInt(120)} {random.Pick(Streets)}",
            Locality: null,
            PostalCode: town.PostalCode,
            InseeCode: town.Insee,
            City: town.City,
            Country: "France",
            GeoPoints: new GeoPoints(town.Latitude, town.Longitude, town.Altitude));
        return new UsagePointsResponse(new UsagePointsCustomer(CustomerId(usagePointId), [new UsagePointEntry(Linky(usagePointId) with { UsagePointAddresses = address })]));
    }

    public IdentityResponse Identity(string usagePointId)
    {
        var person = Person(usagePointId);
        return new IdentityResponse(CustomerId(usagePointId), new Identity(new NaturalPerson(person.Title, person.First, person.Last)));
    }

    public ContactResponse Contact(string usagePointId)
    {
        var person = Person(usagePointId);
        var random = DeterministicRandom.For(usagePointId, "contact");
        var phone = "0" + (1 + random.NextInt(5)).ToString(CultureInfo.InvariantCulture)
            + random.NextInt(100_000_000).ToString("D8", CultureInfo.InvariantCulture);
        var email = $"{Ascii(person.First)}.{Ascii(person.Last)}@example.fr";
        return new ContactResponse(CustomerId(usagePointId), new ContactData(phone, email));
    }

    private static UsagePoint Linky(string usagePointId) => new(usagePointId, "com", "AMM");

    private static string CustomerId(string usagePointId) =>
        (1_000_000_000 + DeterministicRandom.For(usagePointId, "customer").NextInt(900_000_000)).ToString(CultureInfo.InvariantCulture);

    private static (string Title, string First, string Last) Person(string usagePointId) =>
        DeterministicRandom.For(usagePointId, "person").Pick(People);

    // Enedis writes these dates with the French offset of that day, e.g. "2013-08-14+01:00".
    private static string DateWithOffset(DateOnly date)
    {
        var offset = ParisClock.Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue));
        return $"{IsoTime.Date(date)}{(offset < TimeSpan.Zero ? '-' : '+')}{offset:hh\\:mm}";
    }

    private static string Ascii(string name) =>
        new([.. name.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetter)]);
}
