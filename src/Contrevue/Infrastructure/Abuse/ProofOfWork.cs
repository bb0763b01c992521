using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

public enum ProofOfWorkResult
{
    Valid,
    /// <summary>Not a challenge we issued (malformed, tampered, signed with an unknown key).</summary>
    Invalid,
    Expired,
    Replayed,
    WrongSolution,
}

/// <summary>
/// Stateless proof-of-work challenges: <c>{version}.{issuedAt}.{nonce}.{bits}.{signature}</c>, where the
/// signature is the payload protected by ASP.NET Data Protection (authenticated encryption), so every
/// instance sharing the key ring accepts the others' challenges and key rotation is handled for us.
/// A solution is any string such that SHA-256(challenge + ":" + solution) starts with
/// <c>bits</c> zero bits (wwwroot/js/proof-of-work.js counts up from 0).
/// </summary>
/// <remarks>
/// Spent challenges are remembered until they expire (<see cref="ISpentChallenges"/>): in the
/// database on PostgreSQL, so a challenge spent on one instance is refused as replayed by every other;
/// in memory on SQLite, which runs one instance. The database is only asked for a well-formed, signed,
/// unexpired, solved challenge: forging one costs the work, so a flood of junk never reaches it.
/// </remarks>
public sealed class ProofOfWork(IDataProtectionProvider dataProtection, ISpentChallenges spent, TimeProvider time, IOptions<AbuseOptions> options)
{
    private const string Version = "1";
    private const int MaxChallengeLength = 512;
    private const int MaxSolutionLength = 32;
    /// <summary>Instances' clocks differ a little; a challenge from slightly in the future is not forged.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Contrevue.Abuse.ProofOfWork.v1");

    public TimeSpan Validity => TimeSpan.FromMinutes(options.Value.ProofOfWorkMinutes);

    public string Issue()
    {
        var issuedAt = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var payload = $"{Version}.{issuedAt}.{nonce}.{options.Value.ProofOfWorkBits}";
        var signature = WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
        return $"{payload}.{signature}";
    }

    public async ValueTask<ProofOfWorkResult> VerifyAsync(string? challenge, string? solution, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(challenge) || challenge.Length > MaxChallengeLength
            || string.IsNullOrEmpty(solution) || solution.Length > MaxSolutionLength)
        {
            return ProofOfWorkResult.Invalid;
        }
        var parts = challenge.Split('.');
        if (parts.Length != 5 || parts[0] != Version
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var issuedAtSeconds)
            || !int.TryParse(parts[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits)
            || bits is < 1 or > 64
            || !IsSignatureOf(parts[4], string.Join('.', parts[..4])))
        {
            return ProofOfWorkResult.Invalid;
        }
        var now = time.GetUtcNow();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(issuedAtSeconds);
        var expiresAt = issuedAt + Validity;
        if (issuedAt > now + ClockSkew)
        {
            return ProofOfWorkResult.Invalid;
        }
        if (now >= expiresAt)
        {
            return ProofOfWorkResult.Expired;
        }
        if (LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(challenge + ":" + solution))) < bits)
        {
            return ProofOfWorkResult.WrongSolution;
        }
        if (!await spent.TrySpendAsync(parts[2], expiresAt + ClockSkew, cancellationToken))
        {
            return ProofOfWorkResult.Replayed;
        }
        return ProofOfWorkResult.Valid;
    }

    private bool IsSignatureOf(string signature, string payload)
    {
        try
        {
            var unprotected = _protector.Unprotect(WebEncoders.Base64UrlDecode(signature));
            return CryptographicOperations.FixedTimeEquals(unprotected, Encoding.UTF8.GetBytes(payload));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return false;
        }
    }

    public static int LeadingZeroBits(ReadOnlySpan<byte> hash)
    {
        var count = 0;
        foreach (var value in hash)
        {
            if (value == 0)
            {
                count += 8;
                continue;
            }
            return count + BitOperations.LeadingZeroCount((uint)value) - 24;
        }
        return count;
    }
}
