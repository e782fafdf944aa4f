using System.Globalization;
using System.Text.Json;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Api.Features.Quotas;
using MyElectricalData.Api.Infrastructure;
using MyElectricalData.Enedis.Budget;
using MyElectricalData.Enedis.Customers;
using MyElectricalData.Enedis.Dates;
using MyElectricalData.MeterData;

namespace MyElectricalData.Api.Features.MeterData;

/// <summary>
/// The one meter-read path of the /api and legacy data routes, which differ only in how they shape the answer. In order:
/// the range rules (bad input is answered as such first, whoever asks), ownership, consent and the cache key
/// (<see cref="MeterAccess"/>), then a two-phase read: a plan from one cache read, the quota it counts against decided
/// here (fully cached: the cached-reads quota; anything to fetch: the Enedis quota, refused with 429 before any call
/// upstream), then the missing days completed. Writes the quota and <c>X-Cache-Status</c> headers.
/// </summary>
public sealed class MeterReads(MeterAccess access, MeterDataService data, QuotaGate quotas, TimeProvider time)
{
    public async Task<MeterDataResult> ReadRangeAsync(HttpContext http, MeteringKind kind, int? maxDays, string usagePointId, string? start, string? end,
        bool useCache, CancellationToken cancellationToken)
    {
        var range = ParseRange(kind, start, end, maxDays);
        var key = await access.AuthorizeReadAsync(http, usagePointId, cancellationToken);
        var plan = await data.PlanAsync(key, kind, usagePointId, range, useCache);
        var quota = await CountAsync(http, cached: !plan.NeedsUpstream);
        var result = await data.CompleteAsync(plan, EnedisPriority.Interactive, cancellationToken);
        WriteHeaders(http, quota, result.CacheStatus);
        return result;
    }

    /// <summary>One customer resource (contract, address, identity, contact): Enedis' payload, cached whole.</summary>
    public async Task<JsonElement> ReadCustomerAsync(HttpContext http, CustomerResource resource, string usagePointId, bool useCache, CancellationToken cancellationToken)
    {
        var key = await access.AuthorizeReadAsync(http, usagePointId, cancellationToken);
        var plan = await data.PlanCustomerAsync(key, resource, usagePointId, useCache);
        var quota = await CountAsync(http, cached: !plan.NeedsUpstream);
        var (payload, status) = await data.CompleteCustomerAsync(plan, cancellationToken);
        WriteHeaders(http, quota, status);
        return payload;
    }

    /// <summary>The answerable part of [start, end) for <paramref name="kind"/>, or the error that explains why there is none.</summary>
    public DateRange ParseRange(MeteringKind kind, string? start, string? end, int? maxDays)
    {
        var from = ParseDate(start, "start");
        var to = ParseDate(end, "end");
        if (to < from)
        {
            throw new ApiErrorException(ApiError.Validation("end", "La date de fin doit suivre la date de début (fin exclue)."));
        }
        // A single day D may be asked as start = end = D.
        var requested = new DateRange(from, to == from ? to.AddDays(1) : to);
        if (maxDays is { } max && requested.Days > max)
        {
            throw new ApiErrorException(ApiError.Validation("end", $"Au plus {max} jours par requête pour cette donnée (utilisez la route /batch pour davantage)."));
        }
        var today = EnedisCalendar.Today(time);
        if (EnedisCalendar.Answerable(kind, requested, today) is { } answerable)
        {
            return answerable;
        }
        if (requested.Start >= today)
        {
            throw new ApiErrorException(ApiError.Validation("start", "Les données Enedis sont disponibles jusqu'à la veille (J-1)."));
        }
        throw new ApiErrorException(new ApiError(StatusCodes.Status400BadRequest, ErrorCodes.DateTooOld,
            $"Enedis ne conserve pas ces données au-delà du {kind.HistoryLimit(today):dd/MM/yyyy}.", "start"));
    }

    private Task<QuotaState> CountAsync(HttpContext http, bool cached) =>
        quotas.CountAsync(http.Entity().Id, cached, exempt: http.User.IsAdmin());

    private static void WriteHeaders(HttpContext http, QuotaState quota, CacheStatus status)
    {
        quota.WriteHeaders(http.Response);
        http.Response.Headers["X-Cache-Status"] = status.ToString().ToUpperInvariant();
    }

    // Dates are bounded before any arithmetic (a single day D is [D, D+1): D+1 of 9999-12-31 does not exist). Enedis has
    // nothing before 2000 nor after tomorrow; the upper bound only keeps clamping and splitting far from DateOnly's ends.
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2100, 12, 31);

    private static DateOnly ParseDate(string? text, string field)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ApiErrorException(ApiError.Validation(field, $"'{field}' doit être une date AAAA-MM-JJ."));
        }
        return date >= Earliest && date <= Latest ? date
            : throw new ApiErrorException(ApiError.Validation(field, $"'{field}' doit être une date entre le {Earliest:dd/MM/yyyy} et le {Latest:dd/MM/yyyy}."));
    }
}
