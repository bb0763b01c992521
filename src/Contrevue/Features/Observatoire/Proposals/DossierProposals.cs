using Contrevue.Infrastructure.History;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Proposals;

public sealed record DossierProposalInput(DossierDocument? Dossier, string? ContributorEmail, string? Note);

/// <summary>
/// The public proposes a whole dossier; nothing is public until a moderator approves it (possibly
/// corrected), and the history credits the public contribution. As for sources, the public gives web
/// addresses: files are for members.
/// </summary>
public sealed class DossierProposals(ContrevueDbContext db, ModerationService moderation, DossierEditor editor, IStringLocalizer<SharedResource> text)
{
    public const string ProposalKind = "dossier";

    public static DossierDocument DataOf(Proposal proposal) =>
        JsonSerializer.Deserialize<DossierDocument>(proposal.Data, DossierService.Json) ?? throw new InvalidOperationException($"Proposition #{proposal.Id} illisible.");

    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(DossierProposalInput input, string siteUrl, CancellationToken cancellationToken)
    {
        var document = (input.Dossier ?? new DossierDocument()) with { Id = 0, Slug = null, Flags = null, Hidden = false, Fictional = false, UpdatedAt = null };
        var errors = new Dictionary<string, string[]>();
        foreach (var (source, index) in (document.Sources ?? []).Select((s, i) => (s, i)))
        {
            if (source.Sha256 is not null || source.SnapshotSha256 is not null || source.Id is not null)
            {
                errors[$"sources[{index}].sha256"] = ["Le dépôt de fichiers est réservé aux membres : donnez l'adresse web du document."];
            }
        }
        // Checked as a moderator's dossier would be, on an entity that is never saved.
        var candidate = new Dossier { Slug = "", Title = "", AuthorityName = "" };
        foreach (var (field, messages) in await editor.ApplyAsync(candidate, document, cancellationToken))
        {
            errors.TryAdd(field, messages);
        }
        db.ChangeTracker.Clear();
        var (email, note) = ModerationService.ReadContributor(input.ContributorEmail, input.Note, errors, text);
        if (errors.Count > 0 || candidate.TerritoryKind is not { } territoryKind)
        {
            return (null, errors);
        }
        var territory = new TerritoryReference(territoryKind, candidate.TerritoryCode!);
        var proposal = new Proposal
        {
            Kind = ProposalKind,
            TerritoryKind = territory.Kind,
            TerritoryCode = territory.Code,
            Data = JsonSerializer.Serialize(document, DossierService.Json),
            Source = candidate.Sources.Select(s => s.Url).FirstOrDefault(u => u is not null),
            Note = note,
        };
        var accepted = await moderation.StoreAsync(proposal, email, candidate.AuthorityName, siteUrl, cancellationToken);
        return (accepted, errors);
    }
}

/// <summary>Creates the dossier of an approved proposal, within the moderator's decision.</summary>
public sealed class DossierProposalPublisher(DossierService dossiers) : IProposalPublisher
{
    public string Kind => DossierProposals.ProposalKind;

    public string Label => "Nouveau dossier";

    public string ContributorLabel => "nouveau dossier";

    public string ReviewPath(int proposalId) => $"/moderation/dossiers/{proposalId}";

    public string Summary(Proposal proposal) => $"{proposal.Kind} {proposal.Territory}";

    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        DossierDocument document;
        try
        {
            document = editedData is null ? DossierProposals.DataOf(proposal) : JsonSerializer.Deserialize<DossierDocument>(editedData, DossierService.Json) ?? DossierProposals.DataOf(proposal);
        }
        catch (JsonException)
        {
            return (null, new() { ["dossier"] = ["Dossier corrigé illisible : un objet JSON de dossier est attendu."] });
        }
        return await dossiers.CreateAsync(document, null, proposal.Id, cancellationToken) switch
        {
            DossierChange.Saved(_, var revision) => (revision, null),
            DossierChange.Invalid(var errors) => (null, errors),
            _ => (null, new() { ["dossier"] = ["Dossier introuvable."] }),
        };
    }

    public Task PublishedAsync(CancellationToken cancellationToken) => dossiers.PublishedAsync(cancellationToken);
}
