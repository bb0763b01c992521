namespace Contrevue.Features.OpenData;

/// <summary>
/// Changes of the datasets' shape, newest first, shown on <c>/donnees</c>: a reuser reads here before a
/// column moves. Add an entry with every change of a dataset's columns, names or licence.
/// </summary>
public static class OpenDataChangelog
{
    public sealed record Entry(DateOnly On, string Change);

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new(new DateOnly(2026, 12, 5), "Première publication : dossiers, sources, fournisseurs et leurs relations, statuts de campagne par territoire, " +
            "rendez-vous publics, caméras OpenStreetMap (fichier à part, sous ODbL) ; CSV « ; » et « , », JSON, GeoJSON ; SHA-256 dans SHA256SUMS et manifest.json."),
    ];
}
