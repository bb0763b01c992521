using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Administration;

/// <summary>Campaigns read by anyone, written by admins (API token; a browser session uses the pages).</summary>
public static class CampaignAdminApi
{
    public static RouteGroupBuilder MapCampaignAdministration(this RouteGroupBuilder group)
    {
        group.MapGet("", List)
            .WithName("Campaigns")
            .WithSummary("Les campagnes, ouvertes d'abord, avec leur demande et le modèle de leur lettre");
        group.MapGet("/{slug}", Get)
            .WithName("Campaign")
            .WithSummary("Une campagne");

        var admins = group.MapGroup("")
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireRole(Roles.Admin));
        admins.MapPost("", Create)
            .WithName("CreateCampaign")
            .WithSummary("Créer une campagne (administration)");
        admins.MapPut("/{slug}", Update)
            .WithName("UpdateCampaign")
            .WithSummary("Remplacer une campagne (administration) : l'adresse peut changer, une campagne close ne reçoit plus de lettres");
        return group;
    }

    public static async Task<Ok<IReadOnlyList<CampaignDocument>>> List(CampaignEditor campaigns, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<CampaignDocument>>([.. (await campaigns.ListAsync(cancellationToken)).Select(CampaignDocument.From)]);

    public static async Task<Results<Ok<CampaignDocument>, NotFound<ProblemDetails>>> Get(
        string slug, CampaignEditor campaigns, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await campaigns.FindAsync(slug, cancellationToken) is { } campaign
            ? TypedResults.Ok(CampaignDocument.From(campaign))
            : NotFound(slug, text);

    public static async Task<Results<Created<CampaignDocument>, ValidationProblem, Conflict<HttpValidationProblemDetails>>> Create(
        CampaignInput input, ClaimsPrincipal user, CampaignEditor campaigns, CancellationToken cancellationToken)
    {
        switch (await campaigns.CreateAsync(input, UserId(user), cancellationToken))
        {
            case CampaignChange.Saved(var campaign):
                return TypedResults.Created($"/api/v1/campaigns/{campaign.Slug}", CampaignDocument.From(campaign));
            case CampaignChange.Duplicate(var errors):
                return Duplicate(errors);
            case CampaignChange.Invalid(var errors):
                return Invalid(errors);
            default:
                throw new InvalidOperationException("A new campaign is never missing.");
        }
    }

    public static async Task<Results<Ok<CampaignDocument>, ValidationProblem, Conflict<HttpValidationProblemDetails>, NotFound<ProblemDetails>>> Update(
        string slug, CampaignInput input, ClaimsPrincipal user, CampaignEditor campaigns, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await campaigns.UpdateAsync(slug, input, UserId(user), cancellationToken) switch
        {
            CampaignChange.Saved(var campaign) => TypedResults.Ok(CampaignDocument.From(campaign)),
            CampaignChange.Duplicate(var errors) => Duplicate(errors),
            CampaignChange.Invalid(var errors) => Invalid(errors),
            _ => NotFound(slug, text),
        };

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Campagne refusée : vérifiez les champs indiqués.");

    private static Conflict<HttpValidationProblemDetails> Duplicate(Dictionary<string, string[]> errors) =>
        TypedResults.Conflict(new HttpValidationProblemDetails(errors) { Title = "Adresse déjà prise", Status = StatusCodes.Status409Conflict });

    private static NotFound<ProblemDetails> NotFound(string slug, IStringLocalizer text) =>
        TypedResults.NotFound(new ProblemDetails { Title = text["Campagne introuvable"], Detail = text["Aucune campagne « {0} ».", slug], Status = 404 });

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}
