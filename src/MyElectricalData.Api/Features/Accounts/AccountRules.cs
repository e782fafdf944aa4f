using System.Net.Mail;
using FluentValidation;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>Input rules shared by sign-up, login, password reset and password update (FluentValidation rules of their requests).</summary>
public static class AccountRules
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static IRuleBuilderOptions<T, string?> ValidEmail<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(email => !string.IsNullOrWhiteSpace(email)).WithMessage("L'adresse e-mail est requise.")
            .Must(email => IsEmail(email!)).WithMessage("L'adresse e-mail n'est pas valide.");

    /// <summary>At least 8 characters with an upper-case letter, a lower-case letter and a digit (SPEC §4).</summary>
    public static IRuleBuilderOptions<T, string?> StrongPassword<T>(this IRuleBuilderInitial<T, string?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(password => !string.IsNullOrEmpty(password)).WithMessage("Le mot de passe est requis.")
            .Must(password => IsStrong(password!))
            .WithMessage("Le mot de passe doit contenir 8 à 128 caractères, dont une majuscule, une minuscule et un chiffre.");

    private static bool IsEmail(string email)
    {
        var trimmed = email.Trim();
        return trimmed.Length <= 254 && MailAddress.TryCreate(trimmed, out var parsed) && parsed.Address == trimmed && trimmed.Contains('.', StringComparison.Ordinal);
    }

    private static bool IsStrong(string password) =>
        password.Length is >= 8 and <= 128 && password.Any(char.IsUpper) && password.Any(char.IsLower) && password.Any(char.IsDigit);
}
