using System.Net;
using System.Net.Mail;

namespace MyElectricalData.Api.Infrastructure;

public sealed record EmailMessage(string To, string Subject, string Body);

/// <summary>Sends mail. SMTP when <c>SMTP_HOST</c> is set; otherwise the message is written to the log (development).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

internal sealed partial class LogEmailSender(ILogger<LogEmailSender> logger) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        LogEmail(logger, message.Subject, message.Body);
        return Task.CompletedTask;
    }

    // The recipient is personal data and stays out of the log; the body is what a developer needs (the link).
    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail not sent (no SMTP_HOST); subject: {Subject}; body: {Body}")]
    private static partial void LogEmail(ILogger logger, string subject, string body);
}

internal sealed class SmtpEmailSender(IConfiguration configuration) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(configuration["SMTP_HOST"], int.TryParse(configuration["SMTP_PORT"], out var port) ? port : 587)
        {
            EnableSsl = !string.Equals(configuration["SMTP_TLS"], "false", StringComparison.OrdinalIgnoreCase),
        };
        if (configuration["SMTP_USERNAME"] is { Length: > 0 } user)
        {
            client.Credentials = new NetworkCredential(user, configuration["SMTP_PASSWORD"]);
        }
        using var mail = new MailMessage(configuration["SMTP_FROM"] ?? "no-reply@myelectricaldata.fr", message.To, message.Subject, message.Body);
        await client.SendMailAsync(mail, cancellationToken);
    }
}

public static class EmailRegistration
{
    public static IHostApplicationBuilder AddEmail(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration["SMTP_HOST"] is { Length: > 0 })
        {
            builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            builder.Services.AddSingleton<IEmailSender, LogEmailSender>();
        }
        return builder;
    }
}
