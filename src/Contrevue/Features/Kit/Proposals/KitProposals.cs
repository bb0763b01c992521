using System.Text.Json;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Kit.Proposals;

/// <summary>A resource proposed by the public: what it is and the link where the moderators find its file.</summary>
/// <param name="Departement">Where the proposer acts: the moderation queue files every proposal under a territory.</param>
public sealed record KitProposalData(string Kind, string Title, string? Description, string Link, string? ProposedBy, string Departement);

/// <summary>
/// Anyone may propose a resource for the kit by a link (no file is uploaded by the public), with an e-mail
/// address to confirm it. Nothing is made until a moderator accepts it: then a pending resource holds the
/// description and the link, and the moderator adds its file as a version and publishes it.
/// </summary>
public sealed class KitProposals(ModerationService moderation, DepartementNames departements, IStringLocalizer<SharedResource> text)
{
    public const string Kind = "kit-resource";
    public const int MaxLinkLength = 500;
    public const int MaxProposedByLength = 120;

    public static JsonSerializerOptions Json => Infrastructure.Web.CompactJson.Options;

    public static KitProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<KitProposalData>(proposal.Data, Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(
        KitProposalData input, string? contributorEmail, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!KitCodes.IsKind(input.Kind))
        {
            errors["kind"] = [text["Type de ressource inconnu : choisissez parmi {0}.", string.Join(", ", KitCodes.Kinds.Select(k => k.Code))].Value];
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["Le titre est obligatoire."].Value];
        }
        else if (title.Length > KitResource.MaxTitleLength)
        {
            errors["title"] = [text["Le titre dépasse {0} caractères.", KitResource.MaxTitleLength].Value];
        }
        var description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        if (description is { Length: > KitResource.MaxDescriptionLength })
        {
            errors["description"] = [text["La description dépasse {0} caractères.", KitResource.MaxDescriptionLength].Value];
        }
        var link = input.Link?.Trim() ?? "";
        if (link.Length > MaxLinkLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors["link"] = [text["Donnez l'adresse complète (https://…) où trouver la ressource."].Value];
        }
        var proposedBy = string.IsNullOrWhiteSpace(input.ProposedBy) ? null : input.ProposedBy.Trim();
        if (proposedBy is { Length: > MaxProposedByLength } || proposedBy?.Contains('\n') == true)
        {
            errors["proposedBy"] = [text["L'auteur tient sur une ligne de {0} caractères au plus.", MaxProposedByLength].Value];
        }
        var departement = input.Departement?.Trim().ToUpperInvariant() ?? "";
        if (!await departements.ExistsAsync(departement, cancellationToken))
        {
            errors["departement"] = [text["Choisissez votre département."].Value];
        }
        if (string.IsNullOrWhiteSpace(contributorEmail))
        {
            errors.TryAdd("contributorEmail", [text["Indiquez votre adresse e-mail : elle sert à confirmer la proposition, jamais publiée."].Value]);
        }
        var (email, _) = ModerationService.ReadContributor(contributorEmail, null, errors, text);
        if (errors.Count > 0 || email is null)
        {
            return (null, errors);
        }
        var proposal = new Proposal
        {
            Kind = Kind,
            TerritoryKind = TerritoryKind.Departement,
            TerritoryCode = departement,
            Data = JsonSerializer.Serialize(new KitProposalData(input.Kind, title, description, link, proposedBy, departement), Json),
        };
        var name = (await departements.AllAsync(cancellationToken)).FirstOrDefault(d => d.Code == departement).Name ?? departement;
        return (await moderation.StoreAsync(proposal, email, name, siteUrl, cancellationToken), errors);
    }
}
