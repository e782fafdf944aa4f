using System.Text;
using StackExchange.Redis;

namespace MyElectricalData.Data.Redis;

/// <summary>
/// Deletes the keys matching glob patterns, with SCAN (never KEYS, which blocks Redis on a large keyspace), on every
/// primary. A generic tool: it knows no module's key names; each module that owns keys builds its own precise patterns
/// (see <see cref="EscapePattern"/>) and asks.
/// </summary>
public sealed class RedisKeyspace(IConnectionMultiplexer redis)
{
    private const int PageSize = 500;

    /// <summary><paramref name="literal"/> with the glob characters escaped, to be matched as is inside a pattern.</summary>
    public static string EscapePattern(string literal)
    {
        if (literal.AsSpan().IndexOfAny(@"*?[]\") < 0)
        {
            return literal;
        }
        var escaped = new StringBuilder(literal.Length + 4);
        foreach (var c in literal)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>
    /// Deletes every key matching any of <paramref name="patterns"/> (one SCAN of the keyspace per pattern), and, when
    /// <paramref name="owned"/> is given, only those it accepts: one broad pattern and a precise check cost one SCAN
    /// where a pattern per key shape would cost one each. Returns how many were deleted.
    /// </summary>
    public async Task<long> DeleteMatchingAsync(IEnumerable<string> patterns, Func<string, bool>? owned = null)
    {
        var db = redis.GetDatabase();
        var patternList = patterns.ToList();
        long deleted = 0;
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }
            foreach (var pattern in patternList)
            {
                var batch = new List<RedisKey>(PageSize);
                await foreach (var key in server.KeysAsync(db.Database, pattern, pageSize: PageSize))
                {
                    if (owned is not null && !owned(key.ToString()))
                    {
                        continue;
                    }
                    batch.Add(key);
                    if (batch.Count == PageSize)
                    {
                        deleted += await db.KeyDeleteAsync([.. batch]);
                        batch.Clear();
                    }
                }
                if (batch.Count > 0)
                {
                    deleted += await db.KeyDeleteAsync([.. batch]);
                }
            }
        }
        return deleted;
    }
}
