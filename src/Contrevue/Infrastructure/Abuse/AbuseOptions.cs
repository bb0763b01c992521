namespace Contrevue.Infrastructure.Abuse;

/// <summary>Settings of the <c>Abuse</c> section: public writes, proof of work, rate limits, body size.</summary>
public sealed class AbuseOptions
{
    public const string Section = "Abuse";

    /// <summary>Leading zero bits required; 18 costs a browser about 0.1–0.5 s.</summary>
    public int ProofOfWorkBits { get; set; } = 18;

    public int ProofOfWorkMinutes { get; set; } = 10;

    /// <summary>Public writes per minute and client that sent a valid proof of work (JavaScript).</summary>
    public int VerifiedPerMinute { get; set; } = 20;

    /// <summary>Public writes per minute and client without a proof of work (no JavaScript, scripts).</summary>
    public int UnverifiedPerMinute { get; set; } = 5;

    public long MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a keyed hash of a client (<see cref="ClientHasher"/>) may be kept and matched: the
    /// window within which one client's reports on one item count once.
    /// </summary>
    public int ClientHashHours { get; set; } = 48;
}
