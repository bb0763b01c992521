using System.Globalization;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Api;

namespace Contrevue.Features.Contacts;

/// <summary>The verified contacts the territory API gives with each commune.</summary>
internal sealed class CommuneContactSource(ContactService contacts) : ICommuneContactSource
{
    public async Task<IReadOnlyDictionary<string, ContactDto>> FindAsync(IReadOnlyCollection<string> communeCodes, CancellationToken cancellationToken) =>
        (await contacts.FindManyAsync(TerritoryKind.Commune, communeCodes, cancellationToken))
            .ToDictionary(c => c.Key, c => AsDto(c.Value));

    private static ContactDto AsDto(ContactFacts facts) => new(
        facts.Mayor, facts.Email, facts.PostalAddress, facts.Website, facts.CadaOfficer,
        facts.VerifiedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
