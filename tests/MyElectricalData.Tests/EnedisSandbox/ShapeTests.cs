using System.Text.Json;

namespace MyElectricalData.Tests.EnedisSandbox;

/// <summary>Each of the nine data endpoints answers the shape of Enedis' published example, key for key.</summary>
public sealed class ShapeTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("/metering_data_dc/v5/daily_consumption", "energy", "P1D", "Wh", "sum")]
    [InlineData("/metering_data_dp/v5/daily_production", "energy", "P1D", "Wh", "sum")]
    [InlineData("/metering_data_dcmp/v5/daily_consumption_max_power", "power", "P1D", "VA", "maximum")]
    public async Task DailyMeteringEndpointsAnswerAMeterReadingWithOneStringValuePerDay(
        string path, string measurementKind, string measuringPeriod, string unit, string aggregate)
    {
        var json = await _sandbox.GetJsonAsync($"{path}?usage_point_id={SandboxHost.ProducerId}&start=2025-03-01&end=2025-03-08");

        json.Keys().ShouldBe(["meter_reading"]);
        var reading = json.GetProperty("meter_reading");
        reading.Keys().ShouldBe(["usage_point_id", "start", "end", "quality", "reading_type", "interval_reading"]);
        reading.Text("usage_point_id").ShouldBe(SandboxHost.ProducerId);
        reading.Text("start").ShouldBe("2025-03-01");
        reading.Text("end").ShouldBe("2025-03-08");
        reading.Text("quality").ShouldBe("BRUT");
        var type = reading.GetProperty("reading_type");
        type.Keys().ShouldBe(["measurement_kind", "measuring_period", "unit", "aggregate"]);
        (type.Text("measurement_kind"), type.Text("measuring_period"), type.Text("unit"), type.Text("aggregate"))
            .ShouldBe((measurementKind, measuringPeriod, unit, aggregate));
        var points = reading.GetProperty("interval_reading").EnumerateArray().ToList();
        points.Count.ShouldBe(7);
        points.ShouldAllBe(point => point.GetProperty("value").ValueKind == JsonValueKind.String && int.Parse(point.GetProperty("value").GetString()!) > 0);
        points[0].Keys().ShouldBe(["value", "date"]);
        points[0].Text("date").ShouldStartWith("2025-03-01");
        points[^1].Text("date").ShouldStartWith("2025-03-07");
    }

    [Theory]
    [InlineData("/metering_data_clc/v5/consumption_load_curve")]
    [InlineData("/metering_data_plc/v5/production_load_curve")]
    public async Task LoadCurvesAnswerHalfHourPointsWithIntervalLengthAndMeasureType(string path)
    {
        var json = await _sandbox.GetJsonAsync($"{path}?usage_point_id={SandboxHost.ProducerId}&start=2025-03-10&end=2025-03-12");

        var reading = json.GetProperty("meter_reading");
        reading.Keys().ShouldBe(["usage_point_id", "start", "end", "quality", "reading_type", "interval_reading"]);
        var type = reading.GetProperty("reading_type");
        type.Keys().ShouldBe(["measurement_kind", "unit", "aggregate"]);
        (type.Text("measurement_kind"), type.Text("unit"), type.Text("aggregate")).ShouldBe(("power", "W", "average"));
        var points = reading.GetProperty("interval_reading").EnumerateArray().ToList();
        points.Count.ShouldBe(2 * 48);
        points[0].Keys().ShouldBe(["value", "date", "interval_length", "measure_type"]);
        points.ShouldAllBe(point => point.GetProperty("interval_length").GetString() == "PT30M" && point.GetProperty("measure_type").GetString() == "B");
    }

    [Fact]
    public async Task ContractsAnswerTheCustomerWithItsUsagePointAndContract()
    {
        var json = await _sandbox.GetJsonAsync($"/customers_upc/v5/usage_points/contracts?usage_point_id={SandboxHost.ProducerId}");

        var customer = json.GetProperty("customer");
        customer.Keys().ShouldBe(["customer_id", "usage_points"]);
        var entry = customer.GetProperty("usage_points")[0];
        entry.Keys().ShouldBe(["usage_point", "contracts"]);
        entry.GetProperty("usage_point").Keys().ShouldBe(["usage_point_id", "usage_point_status", "meter_type"]);
        entry.GetProperty("usage_point").Text("usage_point_id").ShouldBe(SandboxHost.ProducerId);
        var contract = entry.GetProperty("contracts");
        contract.Keys().ShouldBe([
            "segment", "subscribed_power", "last_activation_date", "distribution_tariff", "offpeak_hours",
            "contract_type", "contract_status", "last_distribution_tariff_change_date",
        ]);
        contract.Text("subscribed_power").ShouldBe("9 kVA");
        contract.Text("offpeak_hours").ShouldMatch(@"^HC \(\d{1,2}H\d{2}-\d{1,2}H\d{2}(;\d{1,2}H\d{2}-\d{1,2}H\d{2})*\)$");
        contract.Text("last_activation_date").ShouldMatch(@"^\d{4}-\d{2}-\d{2}\+0[12]:00$");
    }

    [Fact]
    public async Task TheConsumptionOnlyDemoMeterSubscribesSixKva()
    {
        var json = await _sandbox.GetJsonAsync($"/customers_upc/v5/usage_points/contracts?usage_point_id={SandboxHost.ConsumerOnlyId}");

        json.GetProperty("customer").GetProperty("usage_points")[0].GetProperty("contracts").Text("subscribed_power").ShouldBe("6 kVA");
    }

    [Fact]
    public async Task AddressesAnswerTheUsagePointWithItsAddressAndGeoPoints()
    {
        var json = await _sandbox.GetJsonAsync($"/customers_upa/v5/usage_points/addresses?usage_point_id={SandboxHost.ProducerId}");

        var usagePoint = json.GetProperty("customer").GetProperty("usage_points")[0].GetProperty("usage_point");
        usagePoint.Keys().ShouldBe(["usage_point_id", "usage_point_status", "meter_type", "usage_point_addresses"]);
        var address = usagePoint.GetProperty("usage_point_addresses");
        address.Keys().ShouldBe(["street", "postal_code", "insee_code", "city", "country", "geo_points"]);
        address.GetProperty("geo_points").Keys().ShouldBe(["latitude", "longitude", "altitude"]);
    }

    [Fact]
    public async Task IdentityAnswersTheCustomerIdAndANaturalPerson()
    {
        var json = await _sandbox.GetJsonAsync($"/customers_i/v5/identity?usage_point_id={SandboxHost.ProducerId}");

        json.Keys().ShouldBe(["customer_id", "identity"]);
        json.GetProperty("identity").GetProperty("natural_person").Keys().ShouldBe(["title", "firstname", "lastname"]);
    }

    [Fact]
    public async Task ContactDataAnswersThePhoneAndEmail()
    {
        var json = await _sandbox.GetJsonAsync($"/customers_cd/v5/contact_data?usage_point_id={SandboxHost.ProducerId}");

        json.Keys().ShouldBe(["customer_id", "contact"]);
        json.GetProperty("contact").Keys().ShouldBe(["phone", "email"]);
        json.GetProperty("contact").Text("email").ShouldContain("@");
    }

    [Fact]
    public async Task TheCustomerIdIsTheSameAcrossTheFourCustomerEndpoints()
    {
        var query = $"?usage_point_id={SandboxHost.ProducerId}";
        var ids = new[]
        {
            (await _sandbox.GetJsonAsync("/customers_upc/v5/usage_points/contracts" + query)).GetProperty("customer").Text("customer_id"),
            (await _sandbox.GetJsonAsync("/customers_upa/v5/usage_points/addresses" + query)).GetProperty("customer").Text("customer_id"),
            (await _sandbox.GetJsonAsync("/customers_i/v5/identity" + query)).Text("customer_id"),
            (await _sandbox.GetJsonAsync("/customers_cd/v5/contact_data" + query)).Text("customer_id"),
        };

        ids.Distinct().Count().ShouldBe(1);
    }
}
