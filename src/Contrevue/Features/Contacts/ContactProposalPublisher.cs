using Contrevue.Infrastructure.History;
using System.Text.Json;
using Contrevue.Features.Moderation;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Contacts;

/// <summary>Publishes an approved contacts proposal as the territory's contacts, within the moderator's decision.</summary>
public sealed class ContactProposalPublisher(ContactService contacts, TimeProvider time, IStringLocalizer<SharedResource> text) : IProposalPublisher
{
    public string Kind => ContactProposals.Kind;

    public string Label => "Contacts";

    public string ContributorLabel => "coordonnées d'une collectivité";

    public string ReviewPath(int proposalId) => $"/moderation/{proposalId}";

    public string Summary(Proposal proposal) => proposal.Territory.ToString();

    /// <summary>Contacts, the first kind, answer in <c>proposed</c>, field by field.</summary>
    public ProposalView ViewOf(Proposal proposal) =>
        new(JsonSerializer.SerializeToElement(ContactData.Of(ContactProposals.FactsOf(proposal)), ContactService.Json), null);

    /// <summary>The API corrects contacts with their fields, as <see cref="ContactData"/>.</summary>
    public string? CorrectionOf(JsonElement data) => data.GetRawText();

    /// <param name="editedData">The moderator's correction, as <see cref="ContactData"/>.</param>
    public async Task<(Revision? Revision, Dictionary<string, string[]>? Errors)> PublishAsync(Proposal proposal, string? editedData, CancellationToken cancellationToken)
    {
        var facts = ContactProposals.FactsOf(proposal);
        if (editedData is not null)
        {
            ContactData? edited;
            try
            {
                edited = JsonSerializer.Deserialize<ContactData>(editedData, ContactService.Json);
            }
            catch (JsonException)
            {
                edited = null;
            }
            if (edited is null)
            {
                // What the API's binding said when it read the correction itself: the same 400, the same words.
                return (null, new() { ["data"] = [Infrastructure.Abuse.AbuseSetup.BadRequestDetail] });
            }
            var (checkedFacts, errors) = ContactFacts.Validate(edited.Mayor, edited.Email, edited.PostalAddress, edited.Website, edited.CadaOfficer, facts.Source, edited.VerifiedOn,
                Infrastructure.Time.ParisCalendar.Today(time), text);
            if (checkedFacts is null)
            {
                return (null, errors);
            }
            facts = checkedFacts;
        }
        var revision = await contacts.ChangeAsync(proposal.Territory, facts, null, proposal.Id,
            editedData is null ? "Proposition approuvée" : "Proposition approuvée après correction", null, cancellationToken);
        return (revision, null);
    }

    public Task PublishedAsync(CancellationToken cancellationToken) => contacts.PublishedAsync(cancellationToken);
}
