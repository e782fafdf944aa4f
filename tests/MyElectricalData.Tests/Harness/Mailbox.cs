using System.Text.RegularExpressions;

namespace MyElectricalData.Tests.Harness;

/// <summary>
/// The mails of a topology: the API writes each one as an RFC 822 <c>.eml</c> file in its pickup directory (never
/// to a log), so that is where a test reads a link's token.
/// </summary>
public static partial class Mailbox
{
    /// <summary>The token of the latest <paramref name="route"/> link mailed to <paramref name="email"/>.</summary>
    public static async Task<string> TokenFromMailAsync(this AppHostFixture fixture, string route, string email) =>
        (await Poll.UntilAsync(() => Task.FromResult(LatestToken(fixture.MailDirectory, route, email)), token => token is not null,
            TimeSpan.FromSeconds(10), $"an e-mail with a {route} link for {email} in {fixture.MailDirectory}"))!;

    private static string? LatestToken(string directory, string route, string email)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }
        return new DirectoryInfo(directory).EnumerateFiles("*.eml")
            .OrderByDescending(file => file.LastWriteTimeUtc)
            .Select(ReadOrNull)
            .Where(text => text is not null && text.Contains(email, StringComparison.OrdinalIgnoreCase))
            .Select(text => TokenPattern().Matches(text!).FirstOrDefault(m => m.Groups["route"].Value == route)?.Groups["token"].Value)
            .FirstOrDefault(token => token is not null);
    }

    private static string? ReadOrNull(FileInfo file)
    {
        try
        {
            return File.ReadAllText(file.FullName);
        }
        catch (IOException)
        {
            // Still being written.
            return null;
        }
    }

    // 32 random bytes in base64url are 43 characters: a file read while being written cannot yield a shorter token.
    [GeneratedRegex(@"/(?<route>[a-z-]+)\?token=(?<token>[A-Za-z0-9_-]{43})")]
    private static partial Regex TokenPattern();
}
