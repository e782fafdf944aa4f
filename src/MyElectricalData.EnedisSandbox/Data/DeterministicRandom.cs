// Owns: reproducible randomness. Values depend only on (usage point, day, stream), never on the process or on
// the order of calls, so the same request answers the same numbers on every run and on every machine.
namespace MyElectricalData.EnedisSandbox.Data;

internal struct DeterministicRandom
{
    private ulong _state;

    private DeterministicRandom(ulong seed) => _state = seed;

    public static DeterministicRandom For(string usagePointId, DateOnly day, string stream) =>
        new(Fnv1a($"{usagePointId}|{day.DayNumber}|{stream}"));

    public static DeterministicRandom For(string usagePointId, string stream) =>
        new(Fnv1a($"{usagePointId}|{stream}"));

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Between(double min, double max) => min + ((max - min) * NextDouble());

    public int NextInt(int exclusiveMax) => (int)(Next() % (ulong)exclusiveMax);

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    // SplitMix64: tiny, well distributed, and fully specified here (System.Random's seeded sequence is not a contract).
    private ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // string.GetHashCode is randomised per process, so it cannot seed anything reproducible.
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash;
    }
}
