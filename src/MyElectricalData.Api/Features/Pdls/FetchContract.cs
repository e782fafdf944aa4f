using System.Globalization;
using System.Text.RegularExpressions;
using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Data.Database;
using MyElectricalData.Enedis.Customers;

namespace MyElectricalData.Api.Features.Pdls;

/// <summary><c>POST /api/pdl/{id}/fetch-contract</c>: the contract's facts from Enedis onto the PDL.</summary>
public sealed partial class FetchContract(GatewayDbContext db, IEnedisCustomers customers, TimeProvider time)
    : Endpoint<PdlRequest, Results<Ok<ApiResponse<PdlDto>>, ApiError>>
{
    public override void Configure()
    {
        Post("/pdl/{id:guid}/fetch-contract");
        Group<PdlsGroup>();
        Description(b => b.WithName("FetchPdlContract"));
        Summary(s => s.Summary = "Read the contract from Enedis: subscribed power, off-peak hours, activation date.");
    }

    public override async Task<Results<Ok<ApiResponse<PdlDto>>, ApiError>> ExecuteAsync(PdlRequest request, CancellationToken cancellationToken)
    {
        if (await db.FindOwnedAsync(User.Id(), request.Id, cancellationToken) is not { } pdl)
        {
            return PdlRules.NotFound();
        }
        var contract = await customers.GetContractFactsAsync(pdl.UsagePointId, cancellationToken);
        pdl.SubscribedPower = ParsePower(contract.SubscribedPower) ?? pdl.SubscribedPower;
        pdl.OffpeakHours = ParseOffpeakHours(contract.OffpeakHours) ?? pdl.OffpeakHours;
        pdl.ActivationDate = contract.LastActivationDate ?? pdl.ActivationDate;
        pdl.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return Envelope.Ok(PdlDto.From(pdl));
    }

    /// <summary>"6 kVA" -> 6.</summary>
    public static int? ParsePower(string? text) =>
        text is not null && PowerPattern().Match(text) is { Success: true } match ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>"HC (22H00-6H00;12H00-14H00)" -> ["22:00-06:00", "12:00-14:00"].</summary>
    public static List<string>? ParseOffpeakHours(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var ranges = RangePattern().Matches(text)
            .Select(m => $"{int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture):00}:{m.Groups[2].Value}-{int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture):00}:{m.Groups[4].Value}")
            .ToList();
        return ranges.Count > 0 ? ranges : null;
    }

    [GeneratedRegex(@"(\d+)\s*kVA", RegexOptions.IgnoreCase)]
    private static partial Regex PowerPattern();

    [GeneratedRegex(@"(\d{1,2})[hH:](\d{2})\s*-\s*(\d{1,2})[hH:](\d{2})")]
    private static partial Regex RangePattern();
}
