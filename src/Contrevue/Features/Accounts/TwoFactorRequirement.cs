using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Admins and moderators act in an interactive session only once they signed in with TOTP
/// ("amr" = "mfa") or with a passkey; tokens made by the operator's CLI are exempt.
/// </summary>
public sealed class TwoFactorRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    /// <summary>The "amr" value Identity gives a TOTP or recovery-code sign-in.</summary>
    public const string MultiFactorMethod = "mfa";

    public static bool IsSatisfied(ClaimsPrincipal user)
    {
        if (!Roles.RequiringTwoFactor.Any(user.IsInRole))
        {
            return true;
        }
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

public static class Policies
{
    public const string Member = "member";
    public const string Moderator = "moderator";
    public const string Admin = "admin";
}
