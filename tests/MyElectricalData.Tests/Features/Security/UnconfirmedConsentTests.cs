using MyElectricalData.Tests.Harness;

namespace MyElectricalData.Tests.Features.Security;

/// <summary>A topology whose Enedis token API cannot confirm consent codes (ENEDIS_CONSENT_CODE_EXCHANGE=false), as production's.</summary>
public sealed class UnconfirmedConsentFixture : AppHostFixture
{
    protected override IReadOnlyDictionary<string, string> ApiSettings =>
        new Dictionary<string, string> { ["ENEDIS_CONSENT_CODE_EXCHANGE"] = "false" };
}

[CollectionDefinition(Name)]
public sealed class UnconfirmedConsentCollection : ICollectionFixture<UnconfirmedConsentFixture>
{
    public const string Name = "AppHost without consent code exchange";
}

/// <summary>
/// Where the code cannot be confirmed with Enedis, the callback's own rules keep meters with whoever consented for them
/// (ADR 0007): a meter bound elsewhere is refused, one released by another account is held, a squatted one moves.
/// </summary>
[Collection(UnconfirmedConsentCollection.Name)]
public sealed class UnconfirmedConsentTests(UnconfirmedConsentFixture fixture)
{
    [Fact]
    public async Task AMeterBoundToAnotherAccountIsRefused()
    {
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        using var other = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await owner.CreateConsentedPdlAsync(usagePointId);

        var result = await other.ConsentAsync(usagePointId);
        var otherPdls = await (await other.GetAsync("/api/pdl")).DataAsync();

        result.ShouldBe("pdl_already_exists");
        otherPdls.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task AMeterReleasedByAnotherAccountIsHeldForReview()
    {
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        using var other = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await owner.CreateConsentedPdlAsync(usagePointId);
        (await owner.DeleteAsync($"/api/pdl/{pdlId}")).EnsureSuccessStatusCode();

        var result = await other.ConsentAsync(usagePointId);
        var otherPdls = await (await other.GetAsync("/api/pdl")).DataAsync();

        result.ShouldBe("consent_review_required");
        otherPdls.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task TheOwnerWhoReleasedAMeterCanConsentForItAgain()
    {
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        var pdlId = await owner.CreateConsentedPdlAsync(usagePointId);
        (await owner.DeleteAsync($"/api/pdl/{pdlId}")).EnsureSuccessStatusCode();

        var result = await owner.ConsentAsync(usagePointId);

        result.ShouldBe("success");
    }

    [Fact]
    public async Task ASquattedMeterMovesToWhoeverConsents()
    {
        using var squatter = fixture.ClientFor(await fixture.SignUpAsync());
        using var owner = fixture.ClientFor(await fixture.SignUpAsync());
        var usagePointId = GatewayClient.UniqueUsagePointId();
        await squatter.CreatePdlAsync(usagePointId);

        var result = await owner.ConsentAsync(usagePointId);
        var squatterPdls = await (await squatter.GetAsync("/api/pdl")).DataAsync();

        result.ShouldBe("success");
        squatterPdls.GetArrayLength().ShouldBe(0);
    }
}
