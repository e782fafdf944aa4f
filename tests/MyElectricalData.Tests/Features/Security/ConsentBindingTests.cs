using System.Net;
using System.Net.Http.Json;
using System.Web;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>
/// Only the person who consented reads a meter (ADR 0007): the attacks of the security review, each replayed against the
/// running topology, and now refused.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ConsentBindingTests(AppHostFixture fixture)
{
    private static readonly DateOnly Today = EnedisCalendar.Today(TimeProvider.System);
    private static readonly string Week = $"start={Today.AddDays(-7):yyyy-MM-dd}&end={Today:yyyy-MM-dd}";

    [Fact]
    public async Task AMeterAddedByNumberIsListedButItsDataNeedsTheCallersOwnConsent()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await client.CreatePdlAsync(usagePointId, "Chez moi");

        var pdl = await (await client.GetAsync($"/api/pdl/{pdlId}")).DataAsync();
        using var daily = await client.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?{Week}");
        using var identity = await client.GetAsync($"/api/enedis/customer/{usagePointId}");

        pdl.GetProperty("name").GetString().ShouldBe("Chez moi");
        pdl.GetProperty("consent_status").GetString().ShouldBe("awaiting_consent");
        await daily.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
        daily.Headers.GetValues("Link").Single().ShouldContain("/api/oauth/authorize");
        await identity.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
        (await fixture.CallsForAsync(usagePointId)).ShouldBeEmpty("nothing may reach Enedis for a meter nobody consented for here");
    }

    [Fact]
    public async Task AMeterReleasedByItsOwnerCannotBeReadByWhoeverAddsItNext()
    {
        var (_, owner, usagePointId, ownerPdl) = await fixture.UserWithMeterAsync();
        (await owner.GetAsync($"/api/enedis/customer/{usagePointId}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await owner.DeleteAsync($"/api/pdl/{ownerPdl}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var attacker = fixture.ClientFor(await fixture.SignUpAsync());

        await attacker.CreatePdlAsync(usagePointId);
        var reads = new List<HttpResponseMessage>();
        foreach (var path in new[] { $"consumption/daily/{usagePointId}?{Week}", $"consumption/detail/{usagePointId}?{Week}", $"power/{usagePointId}?{Week}",
            $"contract/{usagePointId}", $"address/{usagePointId}", $"customer/{usagePointId}", $"contact/{usagePointId}" })
        {
            reads.Add(await attacker.GetAsync($"/api/enedis/{path}"));
        }
        var forged = await ForgedCallbackAsync(attacker, usagePointId);

        foreach (var read in reads)
        {
            await read.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
            read.Dispose();
        }
        forged.ShouldNotBe("success");
    }

    [Fact]
    public async Task AnAccountsDeletionEndsItsBindingsToo()
    {
        var (_, owner, usagePointId, _) = await fixture.UserWithMeterAsync();
        (await owner.DeleteAsync("/api/accounts/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var attacker = fixture.ClientFor(await fixture.SignUpAsync());

        await attacker.CreatePdlAsync(usagePointId);
        using var read = await attacker.GetAsync($"/api/enedis/contact/{usagePointId}");
        var forged = await ForgedCallbackAsync(attacker, usagePointId);

        await read.ShouldFailWithAsync(HttpStatusCode.Forbidden, "CONSENT_REQUIRED");
        forged.ShouldNotBe("success");
    }

    [Fact]
    public async Task ASquatterLosesTheMeterWhenItsOwnerConsents()
    {
        using var squatter = fixture.ClientFor(await fixture.SignUpAsync());
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var squatted = await squatter.CreatePdlAsync(usagePointId);

        var consent = await owner.ConsentAsync(usagePointId);
        using var ownerRead = await owner.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?{Week}");
        using var squatterPdl = await squatter.GetAsync($"/api/pdl/{squatted}");
        using var squatterRead = await squatter.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?{Week}");

        consent.ShouldBe("success");
        ownerRead.StatusCode.ShouldBe(HttpStatusCode.OK, await ownerRead.Content.ReadAsStringAsync());
        await squatterPdl.ShouldFailWithAsync(HttpStatusCode.NotFound, "PDL_NOT_FOUND");
        await squatterRead.ShouldFailWithAsync(HttpStatusCode.NotFound, "PDL_NOT_FOUND");
    }

    [Fact]
    public async Task AForgedCallbackCannotTakeAMeterBoundToSomeoneElse()
    {
        var (_, owner, usagePointId, _) = await fixture.UserWithMeterAsync();
        using var attacker = fixture.ClientFor(await fixture.SignUpAsync());

        var forged = await ForgedCallbackAsync(attacker, usagePointId);
        using var ownerRead = await owner.GetAsync($"/api/enedis/consumption/daily/{usagePointId}?{Week}");
        var attackerPdls = await (await attacker.GetAsync("/api/pdl")).DataAsync();

        forged.ShouldNotBe("success");
        ownerRead.StatusCode.ShouldBe(HttpStatusCode.OK);
        attackerPdls.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task NoMoreThanTheCapOfMetersCanAwaitConsentEvenInParallel()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());

        var attempts = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ =>
            client.PostAsJsonAsync("/api/pdl", new { usage_point_id = GatewayClient.UniqueUsagePointId() })));
        var pdls = await (await client.GetAsync("/api/pdl")).DataAsync();

        attempts.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBeLessThanOrEqualTo(5);
        attempts.Where(a => a.StatusCode != HttpStatusCode.Created).ShouldAllBe(a => a.StatusCode == HttpStatusCode.Conflict);
        pdls.GetArrayLength().ShouldBeInRange(1, 5);
        foreach (var attempt in attempts)
        {
            attempt.Dispose();
        }
    }

    [Fact]
    public async Task TheDemoAccountCanNeitherStartNorReceiveAConsent()
    {
        using var demo = await fixture.LoggedInClientAsync("demo@myelectricaldata.fr", "DemoPassword123!");
        var before = await (await demo.GetAsync("/api/pdl")).DataAsync();

        using var authorize = await demo.GetAsync("/api/oauth/authorize");
        using var refresh = await demo.PostAsync($"/api/oauth/refresh/{before[0].GetProperty("usage_point_id").GetString()}", null);
        var after = await (await demo.GetAsync("/api/pdl")).DataAsync();

        await authorize.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await refresh.ShouldFailWithAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        after.GetArrayLength().ShouldBe(before.GetArrayLength());
    }

    [Fact]
    public async Task VerifyStateAnswersOnlyForTheCallersOwnState()
    {
        using var alice = fixture.ClientFor(await fixture.SignUpAsync());
        using var bob = fixture.ClientFor(await fixture.SignUpAsync());
        var state = await StateOfAsync(alice);

        var own = await (await alice.GetAsync($"/api/oauth/verify-state?state={Uri.EscapeDataString(state)}")).DataAsync();
        var others = await (await bob.GetAsync($"/api/oauth/verify-state?state={Uri.EscapeDataString(state)}")).DataAsync();

        own.GetProperty("valid").GetBoolean().ShouldBeTrue();
        others.GetProperty("valid").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task TheConsentRedirectIgnoresTheRequestsHostHeader()
    {
        using var client = fixture.ClientFor(await fixture.SignUpAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/oauth/authorize");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);
        var url = (await response.DataAsync()).GetProperty("authorize_url").GetString()!;

        HttpUtility.ParseQueryString(new Uri(url).Query)["redirect_uri"]!.ShouldNotContain("evil.example");
    }

    private static async Task<string> StateOfAsync(HttpClient client)
    {
        var url = (await (await client.GetAsync("/api/oauth/authorize")).DataAsync()).GetProperty("authorize_url").GetString()!;
        return HttpUtility.ParseQueryString(new Uri(url).Query)["state"]!;
    }

    /// <summary>What the review did: take one's own state, and send the browser to the callback with someone else's meter.</summary>
    private async Task<string> ForgedCallbackAsync(HttpClient attacker, string usagePointId)
    {
        var state = await StateOfAsync(attacker);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.GetEndpoint("api") };
        using var response = await browser.GetAsync(
            $"/api/oauth/callback?code=forged-code&state={Uri.EscapeDataString(state)}&usage_point_id={usagePointId}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var result = HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return result["consent_success"] == "true" ? "success" : result["consent_error"] ?? "no result";
    }
}
