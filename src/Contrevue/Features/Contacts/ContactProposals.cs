using Contrevue.Infrastructure.History;
using System.Globalization;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Contrevue.Features.Territories;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Contacts;

/// <summary>A proposal sent to <c>POST /api/v1/proposals</c>: for now, a territory's contacts.</summary>
public sealed record ProposalInput(
    string? Kind, string? Territory, ContactData? Data, string? Source, string? ContributorEmail, string? Note);

/// <summary>The fields of a territory contact as sent by the public or a moderator.</summary>
public sealed record ContactData(
    string? Mayor, string? Email, string? PostalAddress, string? Website, string? CadaOfficer, string? VerifiedOn)
{
    public static ContactData Of(ContactFacts facts) => new(facts.Mayor, facts.Email, facts.PostalAddress, facts.Website, facts.CadaOfficer,
        facts.VerifiedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>The public form's territory: its name and the contacts published for it, if any.</summary>
public sealed record ContactProposalForm(TerritoryReference Territory, string TerritoryName, ContactFacts? Current);

/// <summary>A contacts proposal under review: what it would change in the published contacts.</summary>
public sealed record ContactProposalReview(Proposal Proposal, string TerritoryName, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// Proposals of a territory's contacts by the public: checked here, then stored and decided by the
/// moderation queue, which publishes them through <see cref="ContactProposalPublisher"/>.
/// </summary>
public sealed class ContactProposals(ContrevueDbContext db, ContactService contacts, ModerationService moderation, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public const string Kind = "territory-contact";

    private DateOnly Today => Infrastructure.Time.ParisCalendar.Today(time);

    /// <summary>Checks a proposal; on success stores it, not public, waiting for confirmation or moderation.</summary>
    /// <param name="siteUrl">The site's public address, for the confirmation link ("https://contrevue.example").</param>
    public async Task<(ProposalAccepted? Accepted, Dictionary<string, string[]> Errors)> ProposeAsync(ProposalInput input, string siteUrl, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (input.Kind != Kind)
        {
            errors["kind"] = [text["Type de proposition inconnu : seul « {0} » existe pour l'instant.", Kind]];
        }
        TerritoryReference? territory = null;
        if (!TerritoryReference.TryParse(input.Territory, out territory))
        {
            errors["territory"] = ["Territoire invalide : un code INSEE (42218) ou commune:…, departement:…, region:…, epci:…"];
        }
        string? territoryName = null;
        if (territory is not null && (territoryName = await db.NameOfAsync(territory.Value, cancellationToken)) is null)
        {
            errors["territory"] = [text["Territoire inconnu : {0}.", input.Territory!]];
        }
        if (string.IsNullOrWhiteSpace(input.Source))
        {
            errors["source"] = ["Indiquez la source : une adresse web ou une description (annuaire, affichage en mairie…)."];
        }
        var (email, note) = ModerationService.ReadContributor(input.ContributorEmail, input.Note, errors, text);
        var data = input.Data ?? new ContactData(null, null, null, null, null, null);
        var (facts, factErrors) = ContactFacts.Validate(data.Mayor, data.Email, data.PostalAddress, data.Website, data.CadaOfficer, input.Source, data.VerifiedOn, Today, text);
        foreach (var (field, messages) in factErrors)
        {
            errors.TryAdd(field == "source" ? "source" : $"data.{field}", messages);
        }
        if (errors.Count > 0 || facts is null || territory is null)
        {
            return (null, errors);
        }

        var proposal = new Proposal
        {
            Kind = Kind,
            TerritoryKind = territory.Value.Kind,
            TerritoryCode = territory.Value.Code,
            Data = JsonSerializer.Serialize(facts, ContactService.Json),
            Source = facts.Source,
            Note = note,
        };
        return (await moderation.StoreAsync(proposal, email, territoryName!, siteUrl, cancellationToken), errors);
    }

    /// <summary>The territory of the public form, or null when there is no such territory.</summary>
    public async Task<ContactProposalForm?> FormAsync(string? territory, CancellationToken cancellationToken)
    {
        if (!TerritoryReference.TryParse(territory, out var reference) || await db.NameOfAsync(reference.Value, cancellationToken) is not { } name)
        {
            return null;
        }
        return new ContactProposalForm(reference.Value, name, await contacts.FindAsync(reference.Value, cancellationToken));
    }

    /// <summary>A contacts proposal and its changes to the published contacts; null for another kind (reviewed on its own page).</summary>
    public async Task<ContactProposalReview?> ReviewAsync(int id, CancellationToken cancellationToken)
    {
        var proposal = await moderation.FindAsync(id, cancellationToken);
        if (proposal is null || proposal.Kind != Kind)
        {
            return null;
        }
        var territoryName = await db.NameOfAsync(proposal.Territory, cancellationToken) ?? proposal.Territory.ToString();
        var current = await contacts.FindAsync(proposal.Territory, cancellationToken);
        var changes = ContactHistory.Diff(current is null ? null : JsonSerializer.Serialize(current, ContactService.Json), proposal.Data);
        return new ContactProposalReview(proposal, territoryName, changes);
    }

    public static ContactFacts FactsOf(Proposal proposal) =>
        JsonSerializer.Deserialize<ContactFacts>(proposal.Data, ContactService.Json) ?? new ContactFacts();
}
