using System.Security.Cryptography;
using System.Text;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Infrastructure.Abuse;

public sealed class ProofOfWorkTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();

    private ProofOfWork Create(IDataProtectionProvider? keys = null) => new(
        keys ?? _keys, new MemorySpentChallenges(new MemoryCache(new MemoryCacheOptions()), _time), _time,
        Options.Create(new AbuseOptions { ProofOfWorkBits = 8, ProofOfWorkMinutes = 10 }));

    /// <summary>What wwwroot/js/proof-of-work.js does: count up until the hash has enough zero bits.</summary>
    public static string Solve(string challenge)
    {
        var bits = int.Parse(challenge.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture);
        for (var n = 0; ; n++)
        {
            var candidate = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (ProofOfWork.LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(challenge + ":" + candidate))) >= bits)
            {
                return candidate;
            }
        }
    }

    [Fact]
    public async Task A_solved_challenge_is_valid_once()
    {
        var proof = Create();
        var challenge = proof.Issue();
        var solution = Solve(challenge);

        Assert.Matches(@"^1\.\d+\.[A-Za-z0-9_-]{22}\.8\.[A-Za-z0-9_-]+$", challenge);
        Assert.Equal(ProofOfWorkResult.Valid, await proof.VerifyAsync(challenge, solution));
        Assert.Equal(ProofOfWorkResult.Replayed, await proof.VerifyAsync(challenge, solution));
    }

    [Fact]
    public async Task Another_instance_sharing_the_keys_accepts_the_challenge()
    {
        var challenge = Create().Issue();

        Assert.Equal(ProofOfWorkResult.Valid, await Create().VerifyAsync(challenge, Solve(challenge)));
        Assert.Equal(ProofOfWorkResult.Invalid, await Create(new EphemeralDataProtectionProvider()).VerifyAsync(challenge, Solve(challenge)));
    }

    [Fact]
    public async Task A_wrong_solution_is_refused_and_does_not_spend_the_challenge()
    {
        var proof = Create();
        var challenge = proof.Issue();
        var solution = Solve(challenge);
        var wrong = Enumerable.Range(0, 1000).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .First(n => ProofOfWork.LeadingZeroBits(SHA256.HashData(Encoding.UTF8.GetBytes(challenge + ":" + n))) < 8);

        Assert.Equal(ProofOfWorkResult.WrongSolution, await proof.VerifyAsync(challenge, wrong));
        Assert.Equal(ProofOfWorkResult.Valid, await proof.VerifyAsync(challenge, solution));
    }

    [Fact]
    public async Task A_tampered_challenge_is_invalid()
    {
        var proof = Create();
        var parts = proof.Issue().Split('.');
        var easier = string.Join('.', parts[0], parts[1], parts[2], "1", parts[4]);
        var later = string.Join('.', parts[0], (long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), parts[2], parts[3], parts[4]);

        foreach (var challenge in new[] { easier, later, string.Join('.', parts[..4]) + ".AAAA", "garbage", "1.2.3.4.5", new string('1', 600) })
        {
            // The signature is checked before the solution: any solution will do.
            Assert.Equal(ProofOfWorkResult.Invalid, await proof.VerifyAsync(challenge, "0"));
        }
        Assert.Equal(ProofOfWorkResult.Invalid, await proof.VerifyAsync(null, "1"));
        Assert.Equal(ProofOfWorkResult.Invalid, await proof.VerifyAsync(proof.Issue(), new string('1', 100)));
    }

    [Fact]
    public async Task A_challenge_expires_after_the_configured_minutes()
    {
        var proof = Create();
        var challenge = proof.Issue();
        var solution = Solve(challenge);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(ProofOfWorkResult.Expired, await proof.VerifyAsync(challenge, solution));
    }

    [Fact]
    public async Task A_challenge_is_still_valid_just_before_it_expires()
    {
        var proof = Create();
        var challenge = proof.Issue();

        _time.Advance(TimeSpan.FromMinutes(9.9));

        Assert.Equal(ProofOfWorkResult.Valid, await proof.VerifyAsync(challenge, Solve(challenge)));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0xff }, 16)]
    [InlineData(new byte[] { 0x00, 0x01 }, 15)]
    [InlineData(new byte[] { 0x80 }, 0)]
    [InlineData(new byte[] { 0x0f, 0x00 }, 4)]
    [InlineData(new byte[] { 0x00, 0x00 }, 16)]
    public void Leading_zero_bits_are_counted_bit_by_bit(byte[] hash, int expected) =>
        Assert.Equal(expected, ProofOfWork.LeadingZeroBits(hash));
}
