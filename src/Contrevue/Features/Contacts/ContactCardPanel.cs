using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Panels;

namespace Contrevue.Features.Contacts;

/// <summary>Every territory page's contacts: who to write to, and how to propose a correction.</summary>
internal sealed class ContactCardPanel(ContactService contacts) : ITerritoryPanel
{
    public int Order => 300;

    public IReadOnlyCollection<TerritoryKind> Levels { get; } = [TerritoryKind.Commune, TerritoryKind.Epci, TerritoryKind.Departement, TerritoryKind.Region];

    public async Task<TerritoryPanelView?> LoadAsync(TerritoryPanelContext context, CancellationToken cancellationToken)
    {
        var territory = context.Territory;
        // Only a commune's contacts have a public history page so far.
        var history = territory.Kind == TerritoryKind.Commune ? $"/communes/{territory.Code}/historique" : null;
        var card = new ContactCardModel(territory, await contacts.FindAsync(territory, cancellationToken), history);
        return new TerritoryPanelView("/Features/Contacts/_ContactCard.cshtml", card);
    }
}
