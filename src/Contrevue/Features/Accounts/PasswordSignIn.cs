using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Password sign-in that says nothing about the account, by its answer or by its time, and that no
/// one can turn against the owner. There is no lockout on wrong passwords: five from anyone used to
/// lock the account, its API tokens and passkeys with it, for 15 minutes, again and again. Instead,
/// guessing is throttled per client (<see cref="AccountRateLimits"/>) and slowed per account
/// (<see cref="SignInSlowdown"/>), which delays the owner's password sign-in a little during an
/// attack but never refuses it, and leaves tokens and passkeys alone.
/// </summary>
/// <remarks>
/// Identity's lockout still follows wrong second-factor codes (<c>TwoFactorAuthenticatorSignInAsync</c>):
/// only someone who has the password reaches that step. A password sign-in of such a locked account
/// gets the same answer as a wrong password, after the same work.
/// </remarks>
public sealed class PasswordSignIn(
    SignInManager<ContrevueUser> signIn, UserManager<ContrevueUser> users, IPasswordHasher<ContrevueUser> hasher,
    SignInSlowdown slowdown, TimeProvider time)
{
    /// <summary>A hash made by the same hasher at the same cost, to check against when there is no account.</summary>
    private static string? _dummyHash;

    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        email = email.Trim();
        var delay = slowdown.DelayFor(email);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        var user = await users.FindByEmailAsync(email);
        SignInResult result;
        if (user is null)
        {
            SpendAsMuchAsAPasswordCheck(password);
            result = SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
            if (result.IsLockedOut || result.IsNotAllowed)
            {
                // Refused before the password was checked: check one anyway, so that the time says nothing.
                SpendAsMuchAsAPasswordCheck(password);
            }
        }
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            slowdown.Failed(email);
        }
        return result;
    }

    private void SpendAsMuchAsAPasswordCheck(string password)
    {
        var nobody = new ContrevueUser();
        _dummyHash ??= hasher.HashPassword(nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(nobody, _dummyHash, password);
    }
}

/// <summary>
/// Per-account slowdown of password sign-in, in this instance's memory: after
/// <see cref="FreeFailures"/> wrong passwords for one address within <see cref="Window"/>, each further
/// attempt on it waits 1 s, then 2, 4, 8, up to <see cref="MaxDelay"/>, before the password is checked.
/// Counted by the address typed, whether an account has it or not, so the wait tells nothing either.
/// </summary>
public sealed class SignInSlowdown : IDisposable
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    // Its own cache: the app's shared one may have a size limit, which entries without a size break.
    private readonly MemoryCache _failures = new(new MemoryCacheOptions());

    public TimeSpan DelayFor(string email)
    {
        var failures = _failures.TryGetValue(Key(email), out Counter? counter) ? counter!.Value : 0;
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }
        var seconds = Math.Pow(2, Math.Min(failures - FreeFailures, 10));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds));
    }

    public void Failed(string email)
    {
        var counter = _failures.GetOrCreate(Key(email), entry =>
        {
            // From the first failure: a quarter of an hour after it, the address starts afresh.
            entry.AbsoluteExpirationRelativeToNow = Window;
            return new Counter();
        })!;
        Interlocked.Increment(ref counter.Value);
    }

    private static string Key(string email) => email.Trim().ToUpperInvariant();

    public void Dispose() => _failures.Dispose();

    private sealed class Counter
    {
        public int Value;
    }
}
