using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Api.Features.Auth;

/// <summary>
/// Checks a login's password at the same cost whether or not the account exists: an unknown email is verified
/// against a hash made once by the same hasher (same algorithm and iteration count), so the answer's timing does
/// not tell which emails have an account.
/// </summary>
public sealed class PasswordCheck(IPasswordHasher<User> hasher)
{
    private static readonly User Nobody = new() { Email = "", PasswordHash = "", ClientId = "", ClientSecretHash = "", ClientSecretEncrypted = [] };

    private readonly string _unknownUserHash = hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    public bool Verify([NotNullWhen(true)] User? user, string password)
    {
        var result = hasher.VerifyHashedPassword(user ?? Nobody, user?.PasswordHash ?? _unknownUserHash, password);
        return user is not null && result != PasswordVerificationResult.Failed;
    }
}
