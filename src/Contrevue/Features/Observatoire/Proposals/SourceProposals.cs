using Contrevue.Infrastructure.History;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

/// <summary>What the public proposes: one more source for a dossier. Stored as the proposal's data.</summary>
public sealed record SourceProposalData(int DossierId, SourceDocument Source);

public sealed record SourceProposalInput(SourceDocument? Source, string? ContributorEmail, string? Note);

/// <summary>
/// The public proposes a source for a dossier; it waits in the moderation queue and is added to the
/// dossier, as a revision credited to the public contribution, once a moderator approves it.
/// Files are for members: an anonymous upload could be anything, so the public gives an address.
/// </summary>
public sealed class SourceProposals(ContrevueDbContext db, ModerationService moderation, DossierEditor editor, IStringLocalizer<SharedResource> text)
{
    public const string ProposalKind = "dossier-source";

    public static SourceProposalData DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<SourceProposalData>(proposal.Data, DossierService.Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(int dossierId, SourceProposalInput input, string siteUrl, CancellationToken cancellationToken)
    {
        var dossier = await db.Set<Dossier>().AsNoTracking().Where(d => d.Id == dossierId && !d.IsHidden)
            .Select(d => new { d.Id, d.Title, d.TerritoryKind, d.TerritoryCode }).FirstOrDefaultAsync(cancellationToken);
        if (dossier?.TerritoryKind is null)
        {
            return (null, new() { ["dossier"] = [text["Aucun dossier public #{0}.", dossierId]] });
        }
        var errors = new Dictionary<string, string[]>();
        var document = input.Source ?? new SourceDocument();
        if (document.Sha256 is not null || document.SnapshotSha256 is not null)
        {
            errors["source.sha256"] = ["Le dépôt de fichiers est réservé aux membres : donnez l'adresse web du document."];
        }
        var source = new Source { Title = "" };
        if (!await editor.ReadSourceAsync(source, document with { Id = null, Sha256 = null, SnapshotSha256 = null }, "source", cancellationToken))
        {
            foreach (var (field, messages) in editor.Errors)
            {
                errors[field] = messages;
            }
        }
        var (email, note) = ModerationService.ReadContributor(input.ContributorEmail, input.Note, errors, text);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        var checkedSource = source.AsDocument() with { Id = null, Hidden = false };
        var territory = new TerritoryReference(dossier.TerritoryKind.Value, dossier.TerritoryCode!);
        var proposal = new Proposal
        {
            Kind = ProposalKind,
            TerritoryKind = territory.Kind,
            TerritoryCode = territory.Code,
            Data = JsonSerializer.Serialize(new SourceProposalData(dossier.Id, checkedSource), DossierService.Json),
            Source = checkedSource.Url ?? checkedSource.Title,
            Note = note,
        };
        var accepted = await moderation.StoreAsync(proposal, email, dossier.Title, siteUrl, cancellationToken);
        return (accepted, errors);
    }
}

/// <summary>Adds an approved source proposal to its dossier (kept apart from <see cref="SourceProposals"/>: the moderation service needs it).</summary>
public sealed class SourceProposalPublisher(DossierService dossiers, IStringLocalizer<SharedResource> text) : IProposalPublisher
{
    public string Kind => SourceProposals.ProposalKind;

    public string Label => "Source d'un dossier";

    public string ContributorLabel => "source d'un dossier";

    public string ReviewPath(int proposalId) => $"/moderation/sources/{proposalId}";

    public string Summary(Proposal proposal) => $"{proposal.Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        var data = SourceProposals.DataOf(proposal);
        var source = data.Source;
        if (editedData is not null)
        {
            try
            {
                source = JsonSerializer.Deserialize<SourceDocument>(editedData, DossierService.Json) ?? source;
            }
            catch (JsonException)
            {
                return (null, new() { ["source"] = ["Source corrigée illisible : un objet JSON de source est attendu."] });
            }
        }
        return await dossiers.AddSourceAsync(data.DossierId, source, null, proposal.Id,
            editedData is null ? "Source proposée par le public, approuvée" : "Source proposée par le public, approuvée après correction", cancellationToken) switch
        {
            DossierChange.Saved(_, var revision) => (revision, null),
            DossierChange.Invalid(var errors) => (null, errors),
            _ => (null, new() { ["dossier"] = [text["Le dossier #{0} n'existe plus.", data.DossierId]] }),
        };
    }

    public Task PublishedAsync(CancellationToken cancellationToken) => dossiers.PublishedAsync(cancellationToken);
}
