namespace MyElectricalData.Api.Features.Auth;

/// <summary>Marks an endpoint that accepts <c>Authorization: &lt;client_secret&gt;</c> with no scheme.</summary>
public sealed class RawClientSecretMetadata;

public static class RawClientSecret
{
    /// <summary>
    /// The old gateway's clients (Home Assistant integrations, scripts) send their token bare. Opt-in per route so
    /// that the /api routes keep refusing a header without a scheme.
    /// </summary>
    public static TBuilder AcceptRawClientSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RawClientSecretMetadata());
}
