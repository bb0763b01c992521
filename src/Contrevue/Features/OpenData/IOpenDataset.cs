using Contrevue.Infrastructure;

namespace Contrevue.Features.OpenData;

/// <summary>
/// A table a feature publishes as open data: <c>/donnees</c> lists it with its schema and licence, and the
/// dumps write it in every format (CSV « ; » with BOM, CSV « , », JSON, GeoJSON when rows have a point).
/// Each feature registers its own in its setup; the host knows none by name. Rows are read as a stream:
/// a dataset reads its table in batches, never all of it at once.
/// </summary>
[Seam]
public interface IOpenDataset
{
    /// <summary>The files' stem, lowercase with dashes: <c>dossiers</c> gives <c>dossiers.csv</c>, <c>dossiers.json</c>…</summary>
    string Name { get; }

    /// <summary>Where it is listed on <c>/donnees</c>: lower first.</summary>
    int Order { get; }

    /// <summary>Its French title on the page.</summary>
    string Title { get; }

    /// <summary>What a row is, in French, for the page.</summary>
    string Description { get; }

    OpenDataLicence Licence { get; }

    IReadOnlyList<OpenDataColumn> Columns { get; }

    /// <summary>True when rows carry a point: a GeoJSON file is written too.</summary>
    bool HasPoints { get; }

    /// <summary>Every row, values in the order of <see cref="Columns"/>.</summary>
    IAsyncEnumerable<OpenDataRow> RowsAsync(CancellationToken cancellationToken);
}

/// <summary>A column of a dataset: its name in the files, its type and its meaning (French).</summary>
[Seam]
public sealed record OpenDataColumn(string Name, OpenDataType Type, string Description);

[Seam]
public enum OpenDataType
{
    Text,
    WholeNumber,
    Number,
    Boolean,
    /// <summary>A day, <c>AAAA-MM-JJ</c>.</summary>
    Date,
    /// <summary>An instant in UTC, ISO 8601.</summary>
    DateTime,
    /// <summary>Several codes: a JSON array, joined by « , » in CSV.</summary>
    List,
}

/// <summary>
/// One row: values (string, int, long, double, bool, DateOnly, DateTime, IReadOnlyList&lt;string&gt; or null) in
/// the order of the columns, and its point in WGS 84 when the dataset has points.
/// </summary>
[Seam]
public sealed record OpenDataRow(object?[] Values, double? Longitude = null, double? Latitude = null);

/// <summary>The licence of a dataset, with what a reuser must write.</summary>
[Seam]
public sealed record OpenDataLicence(string Code, string Name, string Url, string Attribution)
{
    /// <summary>
    /// The observatoire's own data. The ODbL rather than the Licence Ouverte: its share-alike keeps every
    /// improved copy of the database open (a vendor or a consultancy cannot close it), it is one of the licences
    /// allowed for public data in France (décret 2017-638), and it is OpenStreetMap's, so both can be combined.
    /// </summary>
    public static readonly OpenDataLicence Contrevue = new(
        "ODbL-1.0", "Open Database License (ODbL) 1.0", "https://opendatacommons.org/licenses/odbl/1-0/",
        "Contrevue, observatoire de la vidéosurveillance algorithmique");

    /// <summary>OpenStreetMap's cameras: theirs, under their licence, never mixed into ours.</summary>
    public static readonly OpenDataLicence OpenStreetMap = new(
        "ODbL-1.0", "Open Database License (ODbL) 1.0", "https://www.openstreetmap.org/copyright",
        "© les contributeurs d'OpenStreetMap");
}
