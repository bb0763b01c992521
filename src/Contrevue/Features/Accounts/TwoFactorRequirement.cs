using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Contrevue.Features.Accounts;

/// <summary>
/// Admins and moderators act in an interactive session only once they signed in with TOTP
/// ("amr" = "mfa"); tokens made by the operator's CLI are exempt.
/// </summary>
public sealed class TwoFactorRequirement : IAuthorizationRequirement, IAuthorizationHandler
{
    public static bool IsSatisfied(ClaimsPrincipal user)
    {
        if (!Roles.RequiringTwoFactor.Any(user.IsInRole))
        {
            return true;
        }
        var methods = user.FindAll("amr").Select(c => c.Value).ToList();
        return methods.Contains("mfa") || methods.Contains(ApiTokenAuthenticationHandler.TokenMethod);
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
