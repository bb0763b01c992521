using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Events.Proposals;

/// <summary>An event proposed by the public, as the proposal stores it until a moderator decides.</summary>
/// <param name="OrganisedBy">Who organises it, as the proposer wrote it (no collective is chosen).</param>
public sealed record EventProposalData(EventInput Event, string? OrganisedBy);

/// <summary>
/// Anyone may propose an event, with an e-mail address to confirm it (double opt-in). It is checked as an
/// organiser's event would be, and kept in the moderation queue only: no event row exists until a moderator
/// accepts it, so no agenda page, feed, panel or API can show it; a refused one never becomes an event.
/// </summary>
public sealed class EventProposals(EventService events, ModerationService moderation, ContrevueDbContext db, IStringLocalizer<SharedResource> text)
{
    public const string Kind = "event";

    public static JsonSerializerOptions Json => Infrastructure.Web.CompactJson.Options;

    public static EventProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<EventProposalData>(proposal.Data, Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(
        EventInput input, string? organisedBy, string? contributorEmail, string siteUrl, CancellationToken cancellationToken)
    {
        input = input with { Collective = null };
        var errors = await events.CheckProposalAsync(input, cancellationToken);
        organisedBy = string.IsNullOrWhiteSpace(organisedBy) ? null : organisedBy.Trim();
        if (organisedBy is { Length: > Event.MaxOrganiserNameLength } || organisedBy?.Contains('\n') == true)
        {
            errors.TryAdd("organisedBy", [$"L'organisateur tient sur une ligne de {Event.MaxOrganiserNameLength} caractères au plus."]);
        }
        if (string.IsNullOrWhiteSpace(contributorEmail))
        {
            errors.TryAdd("contributorEmail", ["Indiquez votre adresse e-mail : elle sert à confirmer la proposition, jamais publiée."]);
        }
        var (email, _) = ModerationService.ReadContributor(contributorEmail, null, errors, text);
        // The proposal is filed under the commune of the place, or else the territory it concerns.
        var territory = TerritoryOf(input);
        if (territory is null)
        {
            errors.TryAdd("place.territory", ["Indiquez la commune du rendez-vous (pour un rendez-vous en ligne, celle qu'il concerne)."]);
        }
        if (errors.Count > 0 || territory is not { } reference || email is null)
        {
            return (null, errors);
        }
        var proposal = new Proposal
        {
            Kind = Kind,
            TerritoryKind = reference.Kind,
            TerritoryCode = reference.Code,
            Data = JsonSerializer.Serialize(new EventProposalData(input, organisedBy), Json),
        };
        var territoryName = await db.NameOfAsync(reference, cancellationToken) ?? reference.Code;
        return (await moderation.StoreAsync(proposal, email, territoryName, siteUrl, cancellationToken), errors);
    }

    private static TerritoryReference? TerritoryOf(EventInput input) =>
        TerritoryReference.TryParse(input.Place?.Territory, out var place) ? place
        : TerritoryReference.TryParse(input.Territory, out var concerned) ? concerned
        : null;
}
