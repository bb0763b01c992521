using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Contrevue.Features.Accounts;

public sealed record MeDto(string Email, IReadOnlyList<string> Roles, string AuthenticatedWith);

public static class AccountApi
{
    public static RouteGroupBuilder MapAccountApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1")
            .WithTags("Comptes")
            .RequireAuthorization(Policies.Member);
        group.MapGet("/me", GetMe)
            .WithName("GetMe")
            .WithSummary("Le compte qui appelle (jeton d'API ou session)");
        return group;
    }

    public static Ok<MeDto> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new MeDto(
        user.Identity?.Name ?? "",
        [.. user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)],
        user.FindAll("amr").Any(c => c.Value == ApiTokenAuthenticationHandler.TokenMethod) ? "token" : "session"));
}
