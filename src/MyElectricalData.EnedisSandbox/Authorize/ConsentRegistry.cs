// Owns: which usage points have a live consent. A usage point is consented once it went through the consent page,
// or when it is configured as always consented; a test can revoke either kind (Enedis then answers ADAM-DC-0008).
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MyElectricalData.EnedisSandbox.Errors;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal sealed class ConsentRegistry(IOptions<SandboxOptions> options)
{
    private readonly HashSet<string> _alwaysConsented = [.. UsagePointIds.ParseList(options.Value.AlwaysConsentedUsagePoints)];

    // true = granted through the consent page (or a control call), false = revoked.
    private readonly ConcurrentDictionary<string, bool> _decisions = new(StringComparer.Ordinal);

    public void Grant(IEnumerable<string> usagePointIds)
    {
        foreach (var id in usagePointIds)
        {
            _decisions[id] = true;
        }
    }

    public void Revoke(string usagePointId) => _decisions[usagePointId] = false;

    public bool IsConsented(string usagePointId) =>
        _decisions.TryGetValue(usagePointId, out var granted) ? granted : _alwaysConsented.Contains(usagePointId);

    /// <summary>ADAM-DC-0008 unless the usage point has a live consent.</summary>
    public EnedisError? Check(string usagePointId) => IsConsented(usagePointId) ? null : EnedisError.NoConsent();

    public IReadOnlyList<string> Consented() =>
        [.. _alwaysConsented.Concat(_decisions.Keys).Distinct().Where(IsConsented).Order(StringComparer.Ordinal)];
}
