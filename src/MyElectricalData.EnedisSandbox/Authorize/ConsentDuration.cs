// Owns: the consent duration parameter (ISO-8601 period such as P1Y4M or P36M) and its 3-year ceiling.
using System.Globalization;
using System.Text.RegularExpressions;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal sealed partial record ConsentDuration(int Years, int Months, int Weeks, int Days)
{
    public static ConsentDuration? Parse(string? value)
    {
        var match = value is null ? Match.Empty : IsoPeriod().Match(value);
        if (!match.Success || match.Groups.Values.Skip(1).All(group => !group.Success))
        {
            return null;
        }

        // A number too large for an int is far beyond three years: saturate rather than reject the format.
        int Part(string name) =>
            !match.Groups[name].Success ? 0
            : int.TryParse(match.Groups[name].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
            : int.MaxValue;

        return new ConsentDuration(Part("y"), Part("m"), Part("w"), Part("d"));
    }

    /// <summary>At most three years from <paramref name="today"/>, as Enedis allows.</summary>
    public bool FitsInThreeYears(DateOnly today) =>
        Years <= 3 && Months <= 36 && Weeks <= 157 && Days <= 1096
        && today.AddYears(Years).AddMonths(Months).AddDays((Weeks * 7) + Days) <= today.AddYears(3);

    /// <summary>"36 mois", "1 an et 4 mois": what the consent page shows the customer.</summary>
    public string ToFrench()
    {
        var parts = new List<string>();
        if (Years > 0)
        {
            parts.Add(Years == 1 ? "1 an" : $"{Years} ans");
        }

        if (Months > 0)
        {
            parts.Add($"{Months} mois");
        }

        if (Weeks > 0)
        {
            parts.Add(Weeks == 1 ? "1 semaine" : $"{Weeks} semaines");
        }

        if (Days > 0)
        {
            parts.Add(Days == 1 ? "1 jour" : $"{Days} jours");
        }

        return parts.Count switch
        {
            0 => "0 jour",
            1 => parts[0],
            _ => $"{string.Join(", ", parts[..^1])} et {parts[^1]}",
        };
    }

    [GeneratedRegex(@"^P(?:(?<y>\d+)Y)?(?:(?<m>\d+)M)?(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPeriod();
}
