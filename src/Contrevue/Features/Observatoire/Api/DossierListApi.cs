using Contrevue.Infrastructure.Text;
using System.Globalization;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Infrastructure.Web;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Api;

public sealed record DossierListDocument(List<DossierDocument> Items, string? NextCursor);

/// <summary>The list of dossiers for programs: JSON paged by cursor, and the whole selection as CSV.</summary>
public static class DossierListApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const int MaxCsvRows = 100_000;
    public const string CsvFileName = "contrevue-dossiers.csv";
    private const string InvalidTitle = "Filtres invalides : vérifiez les paramètres indiqués.";

    public static readonly string[] CsvHeader =
    [
        "id", "titre", "autorité", "type d'autorité", "code", "technologies", "fournisseurs", "statut", "depuis",
        "caméras", "budget (€)", "autorisation n°", "délivrée le", "expire le", "couvre la vidéoverbalisation",
        "alertes", "sources", "lien",
    ];

    public static IEndpointRouteBuilder MapDossierListApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/dossiers", List)
            .WithTags("Observatoire")
            .WithName("ListDossiers")
            .WithSummary("Liste des dossiers publiés, filtrée, paginée par curseur (nextCursor)")
            .WithDescription("Filtres : commune (code INSEE), departement, region, technology, vendor (identifiant ou nom), status, flag, " +
                "from/to (date du statut, AAAA-MM-JJ), q (recherche plein texte), fictional (include, exclude, only). " +
                "Tri : sort = id (défaut), recent, title, cameras, budget, status-date. limit : 1 à 200 (50 par défaut).")
            .CacheOutput(ObservatoireCache.Policy);
        endpoints.MapGet("/api/v1/dossiers.csv", Csv)
            .WithTags("Observatoire")
            .WithName("ExportDossiersCsv")
            .WithSummary("Export CSV des dossiers (mêmes filtres) : UTF-8 avec BOM, séparateur « ; » (sep=, pour des virgules)")
            .WithDescription($"Toutes les lignes qui correspondent, {MaxCsvRows:N0} au plus. Les valeurs énumérées sont les codes de l'API.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        return endpoints;
    }

    public static async Task<Results<Ok<DossierListDocument>, ValidationProblem>> List(
        [AsParameters] DossierListRequest request, string? cursor, string? limit,
        DossierListQuery list, FlagContext flags, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var parsed = await list.ParseAsync(request, DossierSort.Id, cancellationToken);
        var errors = parsed.Errors;
        var size = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLimit))
        {
            errors["limit"] = [text["limit est un nombre entre 1 et {0}.", MaxLimit]];
        }
        DossierCursor? after = null;
        if (!string.IsNullOrWhiteSpace(cursor))
        {
            after = DossierCursor.Decode(cursor.Trim());
            if (after is null || (parsed.Criteria is { } c && after.Sort != c.Sort))
            {
                errors["cursor"] = ["Curseur invalide ou d'un autre tri : reprenez la liste depuis le début, sans cursor."];
            }
        }
        if (errors.Count > 0 || parsed.Criteria is null)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidTitle);
        }
        var page = await list.KeysetAsync(parsed.Criteria, after, size, cancellationToken);
        return TypedResults.Ok(new DossierListDocument(
            [.. page.Items.Select(d => d.AsDocument(flags.Of(d), includeHidden: false))], page.NextCursor));
    }

    public static async Task<Results<EmptyHttpResult, ValidationProblem>> Csv(
        [AsParameters] DossierListRequest request, string? sep, HttpContext context,
        DossierListQuery list, FlagContext flags, SiteAddress site, CancellationToken cancellationToken)
    {
        var parsed = await list.ParseAsync(request, DossierSort.Id, cancellationToken);
        var errors = parsed.Errors;
        var separator = string.IsNullOrEmpty(sep) ? ';' : sep is [var s] && s is ';' or ',' or '\t' ? s : '\0';
        if (separator == '\0')
        {
            errors["sep"] = ["sep est « ; » (par défaut), « , » ou une tabulation."];
        }
        if (errors.Count > 0 || parsed.Criteria is null)
        {
            return TypedResults.ValidationProblem(errors, title: InvalidTitle);
        }

        var response = context.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{CsvFileName}\"";
        var address = site.Of(context.Request);
        var options = CsvWriterOptions.Default with
        {
            Separator = separator,
            WriteByteOrderMark = true,
            // A title starting with "=" must not run as a formula in a spreadsheet.
            Injection = CsvInjection.Escape,
        };
        await using var csv = CsvWriter.Create(response.Body, options, leaveOpen: true);
        await csv.WriteRecordAsync(CsvHeader, cancellationToken);
        await foreach (var dossier in list.AllAsync(parsed.Criteria, MaxCsvRows, cancellationToken))
        {
            await csv.WriteRecordAsync(Row(dossier, flags.Of(dossier), address), cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
        return TypedResults.Empty;
    }

    private static string[] Row(Dossier dossier, DossierFlag flags, string address) =>
    [
        dossier.Id.ToString(CultureInfo.InvariantCulture),
        dossier.Title,
        dossier.AuthorityName,
        ObservatoireCodes.AuthorityKinds.Code(dossier.AuthorityKind),
        dossier.AuthorityCode ?? "",
        string.Join(", ", ObservatoireCodes.Technologies.CodesOf(dossier.Technologies)),
        string.Join(", ", dossier.Vendors.Select(v => v.Vendor?.Name).OfType<string>().Order(StringComparer.Ordinal)),
        ObservatoireCodes.Statuses.Code(dossier.Status),
        DossierMapping.Iso(dossier.StatusSince) ?? "",
        dossier.CameraCount?.ToString(CultureInfo.InvariantCulture) ?? "",
        dossier.BudgetEur?.ToString(CultureInfo.InvariantCulture) ?? "",
        dossier.AuthorizationNumber ?? "",
        DossierMapping.Iso(dossier.AuthorizationIssuedOn) ?? "",
        DossierMapping.Iso(dossier.AuthorizationExpiresOn) ?? "",
        dossier.AuthorizationIssuedOn is null ? "" : dossier.AuthorizationCoversVideoVerbalisation ? "oui" : "non",
        string.Join(", ", ObservatoireCodes.Flags.CodesOf(flags)),
        string.Join(" | ", dossier.Sources.Where(s => !s.IsHidden).OrderBy(s => s.Id).Select(s => s.Url is null ? s.Title : $"{s.Title} ({s.Url})")),
        address + dossier.CanonicalPath,
    ];
}
