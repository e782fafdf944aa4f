using System.Net.Mail;
using MyElectricalData.Api.Infrastructure;

namespace MyElectricalData.Api.Features.Accounts;

/// <summary>Input rules shared by sign-up, password reset and password update.</summary>
public static class AccountRules
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static ApiError? ValidateEmail(string? email, string field = "email")
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return ApiError.Validation(field, "L'adresse e-mail est requise.");
        }
        var trimmed = email.Trim();
        return trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed || !trimmed.Contains('.', StringComparison.Ordinal)
            ? ApiError.Validation(field, "L'adresse e-mail n'est pas valide.")
            : null;
    }

    /// <summary>At least 8 characters with an upper-case letter, a lower-case letter and a digit (SPEC §4).</summary>
    public static ApiError? ValidatePassword(string? password, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            return ApiError.Validation(field, "Le mot de passe est requis.");
        }
        if (password.Length < 8 || password.Length > 128 || !password.Any(char.IsUpper) || !password.Any(char.IsLower) || !password.Any(char.IsDigit))
        {
            return ApiError.Validation(field, "Le mot de passe doit contenir 8 à 128 caractères, dont une majuscule, une minuscule et un chiffre.");
        }
        return null;
    }
}
