using Contrevue.Features.Accounts;
using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Security;

namespace Contrevue.Features.Moderation;

/// <summary>Where moderators' API endpoints live, whichever feature maps them: one prefix, one tag, one rule.</summary>
[Seam]
public static class ModeratorGroup
{
    /// <summary>The group of <c>/api/v1/moderation</c>: moderators' and admins' API tokens only.</summary>
    public static RouteGroupBuilder MapModeratorGroup(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup("/api/v1/moderation")
            .WithTags("Modération")
            // For token holders: a browser session moderates through the pages, with their antiforgery tokens.
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Moderator, Roles.Admin));
}
