using Contrevue.Infrastructure.Audit;
using System.Security.Claims;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Contrevue.Features.Accounts;

public sealed record PasskeyAddition(JsonElement Credential, string? Name);

public sealed record PasskeyAssertion(JsonElement Credential);

public sealed record PasskeySignedIn(string Redirect);

/// <summary>
/// The small JSON endpoints behind wwwroot/js/passkeys.js: WebAuthn needs the browser's JavaScript, so
/// these enhance /compte and /connexion, whose forms keep working without it. Same origin only, with the
/// page's antiforgery token in the RequestVerificationToken header.
/// </summary>
public static class PasskeyEndpoints
{
    /// <summary>"amr" value of a passkey sign-in (next to "mfa", see TwoFactorRequirement).</summary>
    public const string PasskeyMethod = "passkey";
    public const int MaxNameLength = 100;

    public static IEndpointRouteBuilder MapPasskeys(this IEndpointRouteBuilder endpoints)
    {
        var manage = endpoints.MapGroup("/compte/cles-d-acces")
            .RequireAuthorization(Policies.Member)
            .AddEndpointFilter(RequireAntiforgeryToken)
            .ExcludeFromDescription();
        manage.MapPost("/options", CreationOptionsAsync);
        manage.MapPost("", AddAsync);

        var signIn = endpoints.MapGroup("/connexion/cle-d-acces")
            .RequireRateLimiting(AccountRateLimits.SignIn)
            .AddEndpointFilter(RequireAntiforgeryToken)
            .ExcludeFromDescription();
        signIn.MapPost("/options", RequestOptionsAsync);
        signIn.MapPost("", SignInAsync);
        return endpoints;
    }

    private static async ValueTask<object?> RequireAntiforgeryToken(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
        return await antiforgery.IsRequestValidAsync(context.HttpContext)
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Jeton anti-falsification absent ou invalide.");
    }

    public static async Task<Results<ContentHttpResult, UnauthorizedHttpResult>> CreationOptionsAsync(
        ClaimsPrincipal principal, UserManager<ContrevueUser> users, SignInManager<ContrevueUser> signIn)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        var email = user.Email ?? user.UserName ?? user.Id;
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity { Id = user.Id, Name = email, DisplayName = email });
        return TypedResults.Content(options, "application/json");
    }

    public static async Task<Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult>> AddAsync(
        PasskeyAddition addition, ClaimsPrincipal principal, UserManager<ContrevueUser> users, SignInManager<ContrevueUser> signIn, AuditLog audit)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }
        // A body without a credential object ("{}") is refused here: GetRawText of nothing throws.
        if (addition.Credential.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "La clé d'accès n'a pas pu être vérifiée.");
        }
        var attestation = await signIn.PerformPasskeyAttestationAsync(addition.Credential.GetRawText());
        // The options were made for the signed-in user; a credential made for someone else is refused.
        if (!attestation.Succeeded || attestation.UserEntity.Id != user.Id)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "La clé d'accès n'a pas pu être vérifiée.");
        }
        var name = addition.Name?.Trim() is { Length: > 0 } given ? given[..Math.Min(given.Length, MaxNameLength)] : null;
        attestation.Passkey.Name = name;
        // Recorded first so that the store's save of the passkey saves the entry with it.
        audit.Record(user.Id, "passkey.add", $"user:{user.Id}", name);
        var result = await users.AddOrUpdatePasskeyAsync(user, attestation.Passkey);
        return result.Succeeded
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "La clé d'accès n'a pas pu être enregistrée.");
    }

    public static async Task<ContentHttpResult> RequestOptionsAsync(SignInManager<ContrevueUser> signIn) =>
        // No user: the browser offers the passkeys it holds for this site (discoverable credentials),
        // so the server never says which e-mail addresses have an account.
        TypedResults.Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    public static async Task<Results<Ok<PasskeySignedIn>, ProblemHttpResult>> SignInAsync(
        PasskeyAssertion assertion, string? retour, UserManager<ContrevueUser> users, SignInManager<ContrevueUser> signIn)
    {
        if (assertion.Credential.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Cette clé d'accès n'a pas permis de vous connecter.");
        }
        var verified = await signIn.PerformPasskeyAssertionAsync(assertion.Credential.GetRawText());
        // Not the lockout (wrong codes after a right password): the owner's passkey is how they get back in.
        if (!verified.Succeeded || !await signIn.CanSignInAsync(verified.User))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Cette clé d'accès n'a pas permis de vous connecter.");
        }
        // Keeps the signature counter and flags the authenticator reported, as PasskeySignInAsync does.
        await users.AddOrUpdatePasskeyAsync(verified.User, verified.Passkey);
        // Not PasskeySignInAsync: its session carries no "mfa", yet a passkey is possession of a device
        // plus the user verification (PIN, biometrics) WebAuthn required here, bound to this origin, so
        // phishing-resistant multi-factor on its own; admins and moderators need no TOTP on top.
        await signIn.SignInWithClaimsAsync(verified.User, isPersistent: false,
            [new Claim("amr", TwoFactorRequirement.MultiFactorMethod), new Claim("amr", PasskeyMethod)]);
        return TypedResults.Ok(new PasskeySignedIn(ReturnUrl.Local(retour, "/compte")));
    }
}
