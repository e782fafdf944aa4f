// Owns: the test controls under /_sandbox/ (faults, call log, quota windows, consents). They are not part of Enedis' API:
// no token, no quota, not logged. See README.md.
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using MyElectricalData.EnedisSandbox.Authorize;
using MyElectricalData.EnedisSandbox.Calls;
using MyElectricalData.EnedisSandbox.Faults;
using MyElectricalData.EnedisSandbox.Quota;

namespace MyElectricalData.EnedisSandbox.Controls;

/// <summary>Body of POST /_sandbox/faults/{usage_point_id}: {"kind","status","count","delay_ms"}.</summary>
public sealed record FaultRequest(string? Kind, int? Status, int? Count, int? DelayMs);

public sealed record ControlError(string Error);

public sealed record ConsentList(IReadOnlyList<string> UsagePoints);

internal static class ControlEndpoints
{
    public static IEndpointRouteBuilder MapSandboxControls(this IEndpointRouteBuilder app)
    {
        var controls = app.MapGroup("/_sandbox").WithTags("Sandbox controls");

        controls.MapPost("/faults/{usage_point_id}", SetFault).WithName("SetFault").WithSummary("Inject a fault for one usage point.");
        controls.MapGet("/faults", (FaultStore faults) => TypedResults.Ok(faults.All())).WithName("ListFaults");
        controls.MapDelete("/faults", (FaultStore faults) =>
        {
            faults.Clear();
            return TypedResults.NoContent();
        }).WithName("ClearFaults");
        controls.MapDelete("/faults/{usage_point_id}", ([FromRoute(Name = "usage_point_id")] string usagePointId, FaultStore faults) =>
        {
            faults.Clear(usagePointId);
            return TypedResults.NoContent();
        }).WithName("ClearFault");

        controls.MapGet("/calls", (CallLog log) => TypedResults.Ok(log.All())).WithName("ListCalls").WithSummary("Every data-endpoint call, oldest first.");
        controls.MapDelete("/calls", (CallLog log) =>
        {
            log.Clear();
            return TypedResults.NoContent();
        }).WithName("ClearCalls");
        controls.MapDelete("/quota", (QuotaLimiter quota) =>
        {
            quota.Clear();
            return TypedResults.NoContent();
        }).WithName("ClearQuota").WithSummary("Forget the admitted calls: the per-second and per-hour quotas start empty.");

        controls.MapGet("/consents", (ConsentRegistry consents) => TypedResults.Ok(new ConsentList(consents.Consented()))).WithName("ListConsents");
        controls.MapPost("/consents/{usage_point_id}", Results<NoContent, BadRequest<ControlError>> ([FromRoute(Name = "usage_point_id")] string usagePointId, ConsentRegistry consents) =>
        {
            if (!UsagePointIds.IsValid(usagePointId))
            {
                return TypedResults.BadRequest(new ControlError("usage_point_id must be 14 digits"));
            }

            consents.Grant([usagePointId]);
            return TypedResults.NoContent();
        }).WithName("GrantConsent").WithSummary("Consent without the consent page.");
        controls.MapDelete("/consents/{usage_point_id}", ([FromRoute(Name = "usage_point_id")] string usagePointId, ConsentRegistry consents) =>
        {
            consents.Revoke(usagePointId);
            return TypedResults.NoContent();
        }).WithName("RevokeConsent").WithSummary("Revoke a consent: data calls then answer 403 ADAM-DC-0008.");

        return app;
    }

    private static Results<Ok<Fault>, BadRequest<ControlError>> SetFault([FromRoute(Name = "usage_point_id")] string usagePointId, FaultRequest request, FaultStore faults)
    {
        if (!UsagePointIds.IsValid(usagePointId))
        {
            return TypedResults.BadRequest(new ControlError("usage_point_id must be 14 digits"));
        }

        if (!Enum.TryParse<FaultKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return TypedResults.BadRequest(new ControlError("kind must be one of status, timeout, malformed, latency"));
        }

        if (kind == FaultKind.Status && request.Status is not (>= 400 and <= 599))
        {
            return TypedResults.BadRequest(new ControlError("status must be an HTTP error status (400-599), e.g. 500 or 503"));
        }

        if (kind is FaultKind.Timeout or FaultKind.Latency && request.DelayMs is not (>= 0 and <= 600_000))
        {
            return TypedResults.BadRequest(new ControlError("delay_ms must be between 0 and 600000"));
        }

        if (request.Count is <= 0)
        {
            return TypedResults.BadRequest(new ControlError("count, when given, must be positive"));
        }

        var fault = new Fault(
            usagePointId,
            kind,
            kind == FaultKind.Status ? request.Status : null,
            kind is FaultKind.Timeout or FaultKind.Latency ? request.DelayMs : null,
            request.Count);
        faults.Set(fault);
        return TypedResults.Ok(fault);
    }
}
