// Owns: what a usage point id (PDL / PRM) looks like on the wire.
namespace MyElectricalData.EnedisSandbox;

internal static class UsagePointIds
{
    public static bool IsValid(string? value) =>
        value is { Length: 14 } && value.All(char.IsAsciiDigit);

    /// <summary>The consent redirect joins several ids with ';' (SPEC §3.4).</summary>
    public static string[] ParseList(string? value) =>
        (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
