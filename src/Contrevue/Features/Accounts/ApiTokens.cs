using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Contrevue.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.Accounts;

public sealed record CreatedApiToken(int Id, string Token);

public sealed class ApiTokenService(ContrevueDbContext db, TimeProvider time, Contrevue.Infrastructure.Audit.AuditLog audit)
{
    public const string TokenPrefix = "cvt_";
    public const int MaxNameLength = 100;

    public async Task<CreatedApiToken> CreateAsync(ContrevueUser user, string name, CancellationToken cancellationToken)
    {
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var entity = new ApiToken
        {
            UserId = user.Id,
            Name = name.Trim(),
            Prefix = token[..12],
            Hash = Hash(token),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Set<ApiToken>().Add(entity);
        audit.Record(user.Id, "token.create", $"user:{user.Id}", entity.Name);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(entity.Id, token);
    }

    public Task<List<ApiToken>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<ApiToken>().AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(string userId, int tokenId, CancellationToken cancellationToken)
    {
        var token = await db.Set<ApiToken>().FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId && t.RevokedAt == null, cancellationToken);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt = time.GetUtcNow().UtcDateTime;
        audit.Record(userId, "token.revoke", $"token:{token.Id}", token.Name);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<ApiToken?> FindActiveAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        return db.Set<ApiToken>().Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, cancellationToken);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>Authenticates <c>Authorization: Bearer cvt_…</c> with the token's account and roles.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    UserManager<ContrevueUser> users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    /// <summary>The "amr" value of a token session: exempt from the interactive TOTP requirement.</summary>
    public const string TokenMethod = "token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(ApiTokenService.TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return AuthenticateResult.Fail("Jeton d'API invalide.");
        }
        var apiToken = await tokens.FindActiveAsync(token, Context.RequestAborted);
        // Not the sign-in lockout: whoever fails to sign in as the owner must not cut the owner's tokens.
        if (apiToken?.User is not { } user)
        {
            return AuthenticateResult.Fail("Jeton d'API inconnu ou révoqué.");
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Email ?? user.Id),
            new("amr", TokenMethod),
        };
        claims.AddRange((await users.GetRolesAsync(user)).Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
