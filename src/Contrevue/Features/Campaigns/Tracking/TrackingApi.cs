using Contrevue.Infrastructure.Security;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Text;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Abuse;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>The campaign's loop in the API: "I sent it", the authorities' answers, and where each territory stands.</summary>
public static class TrackingApi
{
    public sealed record RequestRecorded(int Id, string Territory, string TerritoryName, DateOnly SentOn, string Channel, DateOnly? ReceivedOn, string? PublicName, bool FollowUp);

    public sealed record ResponseRecorded(int Id, string Status, string Territory, string TerritoryName);

    public sealed record ResponseDocument(int Id, DateOnly RespondedOn, string Kind, string KindLabel, string? Quote, string? SourceUrl, string? FileUrl, string ReportedBy);

    public sealed record ContradictionDocument(int DossierId, string Title, string Url, string Status, DateOnly On);

    public sealed record TerritoryStatusDocument(
        string Territory, string Name, string Status, string StatusLabel, int Requests, DateOnly? FirstAskedOn, int? DaysWithoutAnswer,
        IReadOnlyList<ResponseDocument> Responses, bool Contradiction, IReadOnlyList<ContradictionDocument> ContradictingDossiers);

    public static RouteGroupBuilder MapTrackingApi(this RouteGroupBuilder group)
    {
        group.MapPost("/{slug}/requests", RecordRequest)
            .WithAbuseResistance()
            .WithName("RecordCampaignRequest")
            .WithSummary("« Je l'ai envoyée » : enregistrer l'envoi d'une lettre à une collectivité (public)");
        group.MapPost("/{slug}/responses", RecordResponse)
            .WithAbuseResistance()
            .WithName("RecordCampaignResponse")
            .WithSummary("Signaler la réponse d'une collectivité : publiée directement par la modération, sinon après validation");
        group.MapGet("/{slug}/territories/{territory}", TerritoryStatus)
            .WithName("CampaignTerritoryStatus")
            .WithSummary("Où en est une collectivité dans la campagne : statut, envois, réponses, contradiction");
        return group;
    }

    public static async Task<Results<Created<RequestRecorded>, NotFound<ProblemDetails>, ValidationProblem>> RecordRequest(
        string slug, RequestInput input, CampaignRequests requests, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        switch (await requests.RecordAsync(slug, input, cancellationToken))
        {
            case RequestOutcome.Recorded(var request, var name, var followUp):
                return TypedResults.Created($"/api/v1/campaigns/{slug}/territories/{request.Territory}", new RequestRecorded(
                    request.Id, request.Territory.ToString(), name, request.SentOn, CampaignCodes.Channels.Code(request.Channel),
                    request.ReceivedOn, request.PublicName, followUp));
            case RequestOutcome.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Envoi non enregistré : vérifiez les champs indiqués.");
            default:
                return CampaignNotFound(slug, text);
        }
    }

    public static async Task<Results<Created<ResponseRecorded>, Accepted<ResponseRecorded>, NotFound<ProblemDetails>, ValidationProblem>> RecordResponse(
        string slug, ResponseInput input, ClaimsPrincipal user, HttpRequest http, SiteAddress site, CampaignResponses responses, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var moderatorId = user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin) ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var member = user.Identity?.IsAuthenticated == true;
        switch (await responses.RecordAsync(slug, input, moderatorId, member, site.Of(http), cancellationToken))
        {
            case ResponseOutcome.Published(var response, var name):
                return TypedResults.Created($"/api/v1/campaigns/{slug}/territories/{response.Territory}",
                    new ResponseRecorded(response.Id, "published", response.Territory.ToString(), name));
            case ResponseOutcome.Proposed(var proposal, var name):
                return TypedResults.Accepted($"/api/v1/proposals/{proposal.Id}",
                    new ResponseRecorded(proposal.Id, proposal.Status, input.Territory ?? "", name));
            case ResponseOutcome.Invalid(var errors):
                return TypedResults.ValidationProblem(errors, title: "Réponse non enregistrée : vérifiez les champs indiqués.");
            default:
                return CampaignNotFound(slug, text);
        }
    }

    public static async Task<Results<Ok<TerritoryStatusDocument>, NotFound<ProblemDetails>, ValidationProblem>> TerritoryStatus(
        string slug, string territory, ContrevueDbContext db, CampaignStatuses statuses, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return CampaignNotFound(slug, text);
        }
        var errors = new Dictionary<string, string[]>();
        var (reference, name) = await CampaignInput.ReadTerritoryAsync(db, campaign, territory, errors, text, cancellationToken);
        if (reference is null || name is null)
        {
            if (TerritoryReference.TryParse(territory, out var parsed) && await db.NameOfAsync(parsed.Value, cancellationToken) is null)
            {
                return TypedResults.NotFound(new ProblemDetails { Title = text["Territoire inconnu"], Detail = text["Aucun territoire {0}.", parsed.Value], Status = 404 });
            }
            return TypedResults.ValidationProblem(errors, title: "Territoire invalide.");
        }
        return TypedResults.Ok(Document(await statuses.ForTerritoryAsync(campaign, reference.Value, name, cancellationToken)));
    }

    public static TerritoryStatusDocument Document(TerritoryStatus status) => new(
        status.Territory.ToString(), status.Name, status.StatusCode, status.StatusLabel, status.Requests, status.FirstAskedOn, status.DaysWithoutAnswer,
        status.Responses.Select(r => new ResponseDocument(r.Id, r.RespondedOn, r.KindCode, r.KindLabel, r.Quote, r.SourceUrl, r.FileUrl, r.ReportedBy)).ToList(),
        status.Contradiction,
        status.ContradictingDossiers.Select(d => new ContradictionDocument(d.Id, d.Title, d.Path, d.StatusCode, d.On)).ToList());

    private static NotFound<ProblemDetails> CampaignNotFound(string slug, IStringLocalizer text) =>
        TypedResults.NotFound(new ProblemDetails { Title = text["Campagne introuvable"], Detail = text["Aucune campagne « {0} ».", slug], Status = 404 });
}
