namespace Contrevue.Infrastructure.Abuse;

public enum AbuseOutcome
{
    Accepted,
    /// <summary>The honeypot was filled: a bot. Answer as if it worked, store nothing.</summary>
    Honeypot,
    /// <summary>A proof of work was sent but is forged, wrong or already used: 400.</summary>
    InvalidProof,
    /// <summary>Over the client's limit: 429 with Retry-After.</summary>
    TooManyRequests,
}

/// <param name="Verified">The client solved a proof of work (it ran our JavaScript).</param>
public sealed record AbuseVerdict(AbuseOutcome Outcome, bool Verified = false, TimeSpan? RetryAfter = null)
{
    public int RetryAfterSeconds => (int)Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalSeconds);
}

/// <summary>
/// The checks every public write goes through, whatever its endpoint: honeypot, proof of work, then
/// the per-client rate limit. Signed-in users and API token holders are accountable and not limited.
/// </summary>
public sealed class AbuseCheck(ProofOfWork proofOfWork, PublicWriteLimiter limiter)
{
    public const string HoneypotField = "site_web";
    public const string ChallengeField = "proof_challenge";
    public const string SolutionField = "proof_solution";
    public const string ChallengeHeader = "Contrevue-Proof-Challenge";
    public const string SolutionHeader = "Contrevue-Proof-Solution";

    public const string InvalidProofTitle = "Vérification anti-robot invalide";
    public const string InvalidProofDetail = "La vérification anti-robot a échoué ou a déjà servi : rechargez la page et envoyez à nouveau.";
    public const string TooManyTitle = "Trop d'envois";
    public const string TooManyDetail = "Trop d'envois depuis votre connexion en peu de temps : réessayez dans {0} secondes.";

    /// <summary>Key of <see cref="HttpContext.Items"/> holding the verdict, for handlers that want it.</summary>
    public static readonly object ItemKey = new();

    public async ValueTask<AbuseVerdict> CheckAsync(HttpContext context, string? honeypot, string? challenge, string? solution)
    {
        var verdict = await DecideAsync(context, honeypot, challenge, solution);
        context.Items[ItemKey] = verdict;
        return verdict;
    }

    private async ValueTask<AbuseVerdict> DecideAsync(HttpContext context, string? honeypot, string? challenge, string? solution)
    {
        if (!string.IsNullOrEmpty(honeypot))
        {
            return new AbuseVerdict(AbuseOutcome.Honeypot);
        }
        // The server always fills the challenge; without JavaScript the solution stays empty.
        var verified = false;
        if (!string.IsNullOrEmpty(solution))
        {
            switch (await proofOfWork.VerifyAsync(challenge, solution, context.RequestAborted))
            {
                case ProofOfWorkResult.Valid:
                    verified = true;
                    break;
                case ProofOfWorkResult.Expired:
                    // A visitor who took long to write is no worse than one without JavaScript:
                    // the stricter limit applies, rather than losing their text to an error.
                    break;
                default:
                    return new AbuseVerdict(AbuseOutcome.InvalidProof);
            }
        }
        if (context.User.Identity?.IsAuthenticated == true)
        {
            return new AbuseVerdict(AbuseOutcome.Accepted, verified);
        }
        var retryAfter = await limiter.TryAcquireAsync(context.Connection.RemoteIpAddress, verified, context.RequestAborted);
        return retryAfter is null
            ? new AbuseVerdict(AbuseOutcome.Accepted, verified)
            : new AbuseVerdict(AbuseOutcome.TooManyRequests, verified, retryAfter);
    }
}
