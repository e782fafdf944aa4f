using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>How the API delivers mail with links, chosen from SMTP_HOST, SMTP_PICKUP_DIRECTORY and the environment.</summary>
public sealed class MailDeliveryTests
{
    [Fact]
    public async Task WithoutSmtpHostEachMailIsWrittenWholeToThePickupDirectory()
    {
        var directory = Path.Combine(Directory.CreateTempSubdirectory("mail-").FullName, "pickup");
        using var host = Api("Development", new() { ["SMTP_PICKUP_DIRECTORY"] = directory });
        var sender = host.Services.GetRequiredService<IEmailSender>();

        await sender.SendAsync(new EmailMessage(EmailKind.PasswordReset, "someone@example.org", "Réinitialisation du mot de passe",
            "Lien : http://127.0.0.1:5080/reset-password?token=the-token-of-the-test"), CancellationToken.None);

        var mail = File.ReadAllText(Directory.GetFiles(directory, "*.eml").ShouldHaveSingleItem());
        mail.ShouldContain("someone@example.org");
        mail.ShouldContain("/reset-password?token=the-token-of-the-test");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(directory).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true);
    }

    [Fact]
    public void DevelopmentWithoutAnySettingStillWritesMailsToAFolder()
    {
        using var host = Api("Development", []);

        host.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PickupDirectory.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task OutsideDevelopmentWithoutSmtpHostNorPickupDirectoryStartUpFailsNamingSmtpHost()
    {
        using var host = Api("Production", []);

        var failure = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        failure.Message.ShouldStartWith("SMTP_HOST is not set");
    }

    private static IHost Api(string environment, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddEmail();
        return builder.Build();
    }
}
