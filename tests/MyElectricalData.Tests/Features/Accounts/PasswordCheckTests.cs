using Microsoft.AspNetCore.Identity;
using MyElectricalData.Api.Features.Auth;
using MyElectricalData.Data.Accounts;

namespace MyElectricalData.Tests.Features.Accounts;

/// <summary>
/// An unknown email must cost a login what a known one costs; not measured (timings are not tested), but the
/// path is pinned: one verification, against a hash of the same hasher, whether the account exists or not.
/// </summary>
public sealed class PasswordCheckTests
{
    [Fact]
    public void AnUnknownEmailIsVerifiedAgainstAHashOfTheSameHasherLikeAKnownOne()
    {
        var hasher = new RecordingHasher();
        var check = new PasswordCheck(hasher);
        var user = new User { Email = "known@example.org", PasswordHash = hasher.HashPassword(null!, "Linky-Test-2026"), ClientId = "", ClientSecretHash = "", ClientSecretEncrypted = [] };

        var unknown = check.Verify(null, "Linky-Test-2026");
        var wrong = check.Verify(user, "Wrong-Password-1");
        var right = check.Verify(user, "Linky-Test-2026");

        unknown.ShouldBeFalse();
        wrong.ShouldBeFalse();
        right.ShouldBeTrue();
        hasher.Verified.Count.ShouldBe(3);
        hasher.Hashed.ShouldContain(hasher.Verified[0]);
        hasher.Verified[0].ShouldNotBe(user.PasswordHash);
    }

    private sealed class RecordingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();

        public List<string> Hashed { get; } = [];

        public List<string> Verified { get; } = [];

        public string HashPassword(User user, string password)
        {
            var hash = _inner.HashPassword(user, password);
            Hashed.Add(hash);
            return hash;
        }

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Verified.Add(hashedPassword);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
