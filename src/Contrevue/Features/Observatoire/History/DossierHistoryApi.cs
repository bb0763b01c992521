using Contrevue.Infrastructure.Web;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire.Reports;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.History;

public static class DossierHistoryApi
{
    public static void MapDossierHistoryApi(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/dossiers/{id:int}/history", History)
            .WithTags("Observatoire")
            .WithName("DossierHistory")
            .WithSummary("Les révisions d'un dossier, la plus récente d'abord, avec les champs modifiés");

    public static async Task<Results<Ok<ItemsOf<RevisionDto>>, NotFound<ProblemDetails>>> History(
        int id, ClaimsPrincipal user, ReportService reports, DossierHistory history, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var moderator = user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin);
        var target = await reports.FindTargetAsync(ReportTargetKind.Dossier, id, cancellationToken);
        if (target is null || (target.Hidden && !moderator))
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Title = target is null ? text["Dossier introuvable"] : text["Dossier masqué"],
                Detail = target is null
                    ? text["Aucun dossier #{0}.", id]
                    : text["Le dossier #{0} a été signalé et reste masqué en attendant la décision d'un modérateur.", id],
                Status = 404,
            });
        }
        return TypedResults.Ok(new ItemsOf<RevisionDto>(await history.ForAsync(id, cancellationToken)));
    }
}
