using Contrevue.Features.Territories;

namespace Contrevue.Features.Contacts;

public sealed record ContactCardModel(TerritoryReference Territory, ContactFacts? Facts, string? HistoryUrl);
