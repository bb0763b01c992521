using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Admins and moderators act in an interactive session only once they signed in with TOTP
/// ("amr" = "mfa") or with a passkey; tokens made by the operator's CLI or the account page are exempt.
/// The rule is enforced by <see cref="SecondFactorClaims"/>, which withholds the roles themselves;
/// this requirement keeps such a session out of the members' pages too, until TOTP is set up.
/// </summary>
[Seam]
public sealed class TwoFactorRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    /// <summary>The "amr" value Identity gives a TOTP or recovery-code sign-in.</summary>
    public const string MultiFactorMethod = "mfa";

    /// <summary>False for a session whose privileged roles wait for a second factor.</summary>
    public static bool IsSatisfied(ClaimsPrincipal user) =>
        !user.HasClaim(c => c.Type == SecondFactorClaims.AwaitingRoleClaim)
        && (!Roles.RequiringTwoFactor.Any(user.IsInRole) || HasSecondFactor(user));

    /// <summary>Signed in with a second factor, a passkey, or an API token.</summary>
    public static bool HasSecondFactor(ClaimsPrincipal user)
    {
        var methods = user.FindAll("amr").Select(c => c.Value).ToList();
        // A passkey sign-in carries "mfa" too (PasskeyEndpoints.SignInAsync): a passkey is a device the
        // user holds, unlocked by user verification, and bound to this origin, so multi-factor and
        // phishing-resistant by itself. "passkey" is accepted as well so that the rule does not hang on
        // that second claim.
        return methods.Contains(MultiFactorMethod) || methods.Contains(PasskeyEndpoints.PasskeyMethod)
            || methods.Contains(ApiTokenAuthenticationHandler.TokenMethod);
    }

    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (IsSatisfied(context.User))
        {
            context.Succeed(this);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A session of an admin or moderator signed in without a second factor does not carry the roles at all:
/// each is replaced by an "awaiting" claim. Every check of a role — policies, <c>User.IsInRole</c> in a
/// handler, pages or API — then fails by construction, rather than each remembering to ask for TOTP.
/// Runs on every authentication (cookie or token); tokens have their roles (<see cref="TwoFactorRequirement.HasSecondFactor"/>).
/// </summary>
public sealed class SecondFactorClaims : IClaimsTransformation
{
    /// <summary>A privileged role the session will hold once signed in with a second factor.</summary>
    public const string AwaitingRoleClaim = "contrevue:role-awaiting-second-factor";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || TwoFactorRequirement.HasSecondFactor(principal)
            || !Roles.RequiringTwoFactor.Any(principal.IsInRole))
        {
            return Task.FromResult(principal);
        }
        var withheld = new ClaimsPrincipal();
        foreach (var identity in principal.Identities)
        {
            var copy = new ClaimsIdentity(identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
            foreach (var claim in identity.Claims)
            {
                copy.AddClaim(claim.Type == identity.RoleClaimType && Roles.RequiringTwoFactor.Contains(claim.Value)
                    ? new Claim(AwaitingRoleClaim, claim.Value)
                    : claim);
            }
            withheld.AddIdentity(copy);
        }
        return Task.FromResult(withheld);
    }
}

public static class Policies
{
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Admin = "admin";
}
