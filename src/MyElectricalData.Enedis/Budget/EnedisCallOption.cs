using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Http.HttpClientLibrary.Extensions;

namespace MyElectricalData.Enedis.Budget;

/// <summary>
/// The priority of one call, carried by its own request: the typed services add it to the Kiota request
/// configuration, Kiota copies it into the <see cref="HttpRequestMessage.Options"/> of the request it sends, and the
/// budget's rate limiter reads it there. Nothing ambient: concurrent calls of different priorities never mix.
/// </summary>
internal sealed class EnedisCallOption(EnedisPriority priority) : IRequestOption
{
    private static readonly EnedisCallOption InteractiveCall = new(EnedisPriority.Interactive);
    private static readonly EnedisCallOption BackgroundCall = new(EnedisPriority.Background);

    public EnedisPriority Priority { get; } = priority;

    public static EnedisCallOption For(EnedisPriority priority) => priority == EnedisPriority.Background ? BackgroundCall : InteractiveCall;

    /// <summary>The priority <paramref name="request"/> was sent with; interactive when it carries none.</summary>
    public static EnedisPriority Of(HttpRequestMessage? request) =>
        request?.GetRequestOption<EnedisCallOption>()?.Priority ?? EnedisPriority.Interactive;
}
