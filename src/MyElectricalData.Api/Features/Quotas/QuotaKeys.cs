using System.Globalization;

namespace MyElectricalData.Api.Features.Quotas;

/// <summary>The Redis keys of the per-user daily quota counters: counted by <see cref="QuotaGate"/>, read and forgotten by <see cref="UsageCounters"/>.</summary>
public static class QuotaKeys
{
    public static string Counter(Guid userId, DateOnly day, bool cached) =>
        string.Create(CultureInfo.InvariantCulture, $"quota:{userId:N}:{day:yyyy-MM-dd}:{(cached ? "cached" : "no_cache")}");

    /// <summary>Every day's counters of one user.</summary>
    public static string OfUser(Guid userId) => $"quota:{userId:N}:*";
}
