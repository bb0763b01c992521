using Contrevue.Features.Territories.Search;

namespace Contrevue.Features.Events.Pages;

public sealed record EventFieldsView(EventForm Form, TerritoryFieldView Commune);
