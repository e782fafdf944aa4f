using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using Microsoft.Extensions.Options;

namespace MyElectricalData.Api.Infrastructure;

// Owns: how a mail leaves the API (SMTP, or a pickup folder in development) and the settings SMTP_*.
// It must not know what a mail says: its links carry single-use tokens, so no body ever reaches a log.

/// <summary>What a mail is for: the only thing about its content that may be logged.</summary>
public enum EmailKind
{
    EmailVerification,
    PasswordReset,
}

public sealed record EmailMessage(EmailKind Kind, string To, string Subject, string Body);

/// <summary>Sends mail: SMTP when <c>SMTP_HOST</c> is set, otherwise one <c>.eml</c> file per message in <c>SMTP_PICKUP_DIRECTORY</c>.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

/// <summary>The SMTP_* settings of SPEC §9, plus the development pickup folder.</summary>
public sealed class EmailOptions
{
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    public bool SmtpTls { get; set; } = true;

    public string? SmtpUsername { get; set; }

    public string? SmtpPassword { get; set; }

    public string From { get; set; } = "no-reply@myelectricaldata.fr";

    /// <summary>Where mails are written when there is no SMTP server (development, tests).</summary>
    public string? PickupDirectory { get; set; }

    internal MailMessage ToMailMessage(EmailMessage message) => new(From, message.To, message.Subject, message.Body);
}

internal sealed class EmailOptionsSetup(IConfiguration configuration, IHostEnvironment environment)
    : IConfigureOptions<EmailOptions>, IValidateOptions<EmailOptions>
{
    public void Configure(EmailOptions options)
    {
        options.SmtpHost = NullIfEmpty(configuration["SMTP_HOST"]);
        options.SmtpPort = int.TryParse(configuration["SMTP_PORT"], out var port) ? port : 587;
        options.SmtpTls = !string.Equals(configuration["SMTP_TLS"], "false", StringComparison.OrdinalIgnoreCase);
        options.SmtpUsername = NullIfEmpty(configuration["SMTP_USERNAME"]);
        options.SmtpPassword = NullIfEmpty(configuration["SMTP_PASSWORD"]);
        options.From = NullIfEmpty(configuration["SMTP_FROM"]) ?? options.From;
        options.PickupDirectory = NullIfEmpty(configuration["SMTP_PICKUP_DIRECTORY"]) is { } directory
            ? Path.GetFullPath(directory)
            // `dotnet run` of the API alone: a folder of the machine's temp directory, readable by this user only.
            : environment.IsDevelopment() ? Path.Combine(Path.GetTempPath(), "myelectricaldata-mail") : null;
    }

    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.SmtpHost is null && options.PickupDirectory is null
            ? ValidateOptionsResult.Fail(
                "SMTP_HOST is not set: verification and password-reset mails cannot be delivered. Set SMTP_HOST " +
                "(or SMTP_PICKUP_DIRECTORY to write each mail to a folder instead of sending it).")
            : ValidateOptionsResult.Success;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.SmtpTls };
        if (settings.SmtpUsername is { } user)
        {
            client.Credentials = new NetworkCredential(user, settings.SmtpPassword);
        }
        using var mail = settings.ToMailMessage(message);
        await client.SendMailAsync(mail, cancellationToken);
    }
}

/// <summary>
/// Development: writes each whole message as an RFC 822 <c>.eml</c> file (open it in any mail client or text editor)
/// and logs only that it did, for whom and of which kind. The link stays in the file: logs reach the console,
/// the telemetry pipeline and the dashboard, and a reset link there is an account for whoever reads it.
/// </summary>
internal sealed partial class PickupDirectoryEmailSender(IOptions<EmailOptions> options, ILogger<PickupDirectoryEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var directory = settings.PickupDirectory!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Other users of the machine must not read the links.
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = directory };
        using var mail = settings.ToMailMessage(message);
        // Written as is (UTF-8), so that the link can be read and copied from the file; SMTP keeps the default (base64).
        mail.BodyTransferEncoding = TransferEncoding.EightBit;
        await client.SendMailAsync(mail, cancellationToken);
        LogWritten(logger, message.Kind, message.To, directory);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {Kind} to {To} written to {Directory} (no SMTP_HOST)")]
    private static partial void LogWritten(ILogger logger, EmailKind kind, string to, string directory);
}

public static class EmailRegistration
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EmailOptionsSetup>();
        builder.Services.AddSingleton<IConfigureOptions<EmailOptions>>(sp => sp.GetRequiredService<EmailOptionsSetup>());
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>>(sp => sp.GetRequiredService<EmailOptionsSetup>());
        // Outside development, start-up fails when no mail can be delivered (the message names SMTP_HOST).
        builder.Services.AddOptions<EmailOptions>().ValidateOnStart();
        builder.Services.AddSingleton<SmtpEmailSender>();
        builder.Services.AddSingleton<PickupDirectoryEmailSender>();
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.SmtpHost is not null
            ? sp.GetRequiredService<SmtpEmailSender>()
            : sp.GetRequiredService<PickupDirectoryEmailSender>());
        return builder;
    }
}
