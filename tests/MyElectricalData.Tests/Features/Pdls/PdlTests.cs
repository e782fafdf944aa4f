using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Pdls;

[Collection(AppHostCollection.Name)]
public sealed class PdlTests(AppHostFixture fixture)
{
    [Fact]
    public async Task CreatingAPdlReturnsItWithDefaults()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();

        using var response = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = usagePointId, name = "Maison" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var pdl = await response.DataAsync();
        pdl.GetProperty("usage_point_id").GetString().ShouldBe(usagePointId);
        pdl.GetProperty("name").GetString().ShouldBe("Maison");
        pdl.GetProperty("is_active").GetBoolean().ShouldBeTrue();
        pdl.GetProperty("has_consumption").GetBoolean().ShouldBeTrue();
        pdl.GetProperty("has_production").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("1234567890123")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123a")]
    [InlineData("")]
    public async Task UsagePointIdsMustHaveFourteenDigits(string usagePointId)
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());

        using var response = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = usagePointId });

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("usage_point_id");
    }

    [Theory]
    [InlineData("٠١٢٣٤٥٦٧٨٩٠١٢٣")]
    [InlineData("०१२३४५६७८९०१२३")]
    [InlineData("０１２３４５６７８９０１２３")]
    public async Task UnicodeDigitsAreNotAUsagePointId(string usagePointId)
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());

        using var created = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = usagePointId });
        using var read = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?start=2025-01-01&end=2025-01-02");
        using var refresh = await client.PostAsync($"/api/oauth/refresh/{usagePointId}", null);

        foreach (var response in new[] { created, read, refresh })
        {
            (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("usage_point_id");
        }
    }

    [Fact]
    public async Task ATrailingNewlineIsNotPartOfAUsagePointId()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await client.CreatePdlAsync(usagePointId);

        using var created = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = GatewayClient.UniqueUsagePointId() + "\n" });
        using var read = await client.GetAsync($"/api/enedis/contract/{usagePointId}%0A");
        using var legacy = await client.GetAsync($"/valid_access/{usagePointId}%0A");

        (await created.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("usage_point_id");
        (await read.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe("usage_point_id");
        legacy.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await legacy.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().ShouldBe("VALIDATION_ERROR");
    }

    [Fact]
    public async Task AUsagePointBelongsToOneAccountOnly()
    {
        var usagePointId = GatewayClient.UniqueUsagePointId();
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        using var other = fixture.ClientFor(await fixture.SignUpAsync());
        await owner.CreatePdlAsync(usagePointId);

        using var response = await other.PostAsJsonAsync("/api/pdl", new { usage_point_id = usagePointId });

        await response.ShouldFailWithAsync(HttpStatusCode.Conflict, "PDL_EXISTS");
    }

    [Fact]
    public async Task ListingOrdersByDisplayOrderThenNewestFirst()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var first = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId(), "first");
        var second = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId(), "second");
        var third = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId(), "third");

        using var reorder = await client.PatchAsJsonAsync("/api/pdl/reorder", new { pdl_orders = new[] { new { id = first, order = 0 } } });
        var list = await (await client.GetAsync("/api/pdl")).DataAsync();

        reorder.StatusCode.ShouldBe(HttpStatusCode.OK);
        list.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()).ShouldBe([first, third, second]);
    }

    [Fact]
    public async Task RenameActivateTypeAndContractAreSaved()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var id = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId());

        (await client.PatchAsJsonAsync($"/api/pdl/{id}/name", new { name = "Chalet" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync($"/api/pdl/{id}/active", new { is_active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync($"/api/pdl/{id}/type", new { has_production = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.PatchAsJsonAsync($"/api/pdl/{id}/contract", new { subscribed_power = 9, offpeak_hours = new { ranges = new[] { "22:00-06:00" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var pdl = await (await client.GetAsync($"/api/pdl/{id}")).DataAsync();

        pdl.GetProperty("name").GetString().ShouldBe("Chalet");
        pdl.GetProperty("is_active").GetBoolean().ShouldBeFalse();
        pdl.GetProperty("has_production").GetBoolean().ShouldBeTrue();
        pdl.GetProperty("has_consumption").GetBoolean().ShouldBeTrue();
        pdl.GetProperty("subscribed_power").GetInt32().ShouldBe(9);
        pdl.GetProperty("offpeak_hours").GetProperty("ranges")[0].GetString().ShouldBe("22:00-06:00");
    }

    [Theory]
    [InlineData("""{"subscribed_power": 0}""", "subscribed_power")]
    [InlineData("""{"offpeak_hours": {"ranges": ["25:00-06:00"]}}""", "offpeak_hours.ranges")]
    public async Task InvalidContractValuesAreRefused(string body, string field)
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var id = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId());

        using var response = await client.PatchAsync($"/api/pdl/{id}/contract", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        (await response.ShouldFailWithAsync(HttpStatusCode.BadRequest, "VALIDATION_ERROR")).GetProperty("field").GetString().ShouldBe(field);
    }

    [Fact]
    public async Task DeletingAPdlRemovesIt()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var id = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId());

        using var deleted = await client.DeleteAsync($"/api/pdl/{id}");
        using var after = await client.GetAsync($"/api/pdl/{id}");

        deleted.StatusCode.ShouldBe(HttpStatusCode.OK);
        await after.ShouldFailWithAsync(HttpStatusCode.NotFound, "PDL_NOT_FOUND");
    }

    [Fact]
    public async Task FetchingTheContractOfAnUnconsentedMeterAsksForConsent()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var id = await client.CreatePdlAsync(GatewayClient.UniqueUsagePointId());

        using var response = await client.PostAsync($"/api/pdl/{id}/fetch-contract", null);

        await response.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
    }

    [Fact]
    public async Task FetchingTheContractFillsPowerOffpeakHoursAndActivationDate()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var id = await client.CreatePdlAsync(usagePointId);
        using var sandbox = fixture.CreateHttpClient("enedis-sandbox");
        (await sandbox.PostAsync($"/_sandbox/consents/{usagePointId}", null)).EnsureSuccessStatusCode();

        var pdl = await (await client.PostAsync($"/api/pdl/{id}/fetch-contract", null)).DataAsync();

        pdl.GetProperty("subscribed_power").GetInt32().ShouldBeOneOf(6, 9);
        pdl.GetProperty("offpeak_hours").GetProperty("ranges").GetArrayLength().ShouldBeGreaterThan(0);
        pdl.GetProperty("offpeak_hours").GetProperty("ranges")[0].GetString()!.ShouldMatch(@"^\d{2}:\d{2}-\d{2}:\d{2}$");
    }

    [Fact]
    public async Task TheDemoAccountIsReadOnly()
    {
        using var client = await fixture.LoggedInClientAsync("demo@myelectricaldata.fr", "DemoPassword123!");

        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();
        using var create = await client.PostAsJsonAsync("/api/pdl", new { usage_point_id = GatewayClient.UniqueUsagePointId() });
        using var rename = await client.PatchAsJsonAsync($"/api/pdl/{pdls[0].GetProperty("id").GetGuid()}/name", new { name = "x" });
        using var delete = await client.DeleteAsync("/api/accounts/me");

        pdls.EnumerateArray().Select(p => p.GetProperty("usage_point_id").GetString()).ShouldBe(["12345678901234", "98765432109876"]);
        pdls[0].GetProperty("has_production").GetBoolean().ShouldBeTrue();
        await create.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await rename.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await delete.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}
