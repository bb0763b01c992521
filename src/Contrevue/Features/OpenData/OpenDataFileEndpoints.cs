using System.Text.RegularExpressions;
using Contrevue.Infrastructure.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.OpenData;

/// <summary>
/// <c>/donnees/{name}</c>: a file of the last dump, by the name the manifest gives (never a path from the
/// request), with its SHA-256 as ETag, its date as Last-Modified, and single-range requests for resuming.
/// </summary>
public static partial class OpenDataFileEndpoints
{
    public static IEndpointRouteBuilder MapOpenDataFiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/donnees/{name}", Get)
            .WithTags("Données ouvertes")
            .WithName("GetOpenDataFile")
            .WithSummary("Un fichier de données ouvertes (export de la nuit) : CSV, JSON, GeoJSON, manifest.json ou SHA256SUMS")
            .WithDescription("ETag (SHA-256 du fichier), Last-Modified, If-None-Match et If-Modified-Since (304), requêtes Range (206). " +
                "manifest.json liste les fichiers avec leur taille, leur SHA-256, leur nombre de lignes et leur date.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/json", "application/geo+json")
            .Produces(StatusCodes.Status404NotFound)
            .WithResponseExample("application/json", """
                {"generatedAt":"2026-12-05T02:00:04Z","files":[{"name":"dossiers.geojson","dataset":"dossiers","format":"geojson","bytes":18734112,
                "sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","rows":50000,"generatedAt":"2026-12-05T02:00:04Z"}]}
                """)
            .WithResponseExample("text/csv", "id;titre;autorite_nom;autorite_type\n42;Vidéosurveillance algorithmique au stade;Saint-Étienne;commune\n");
        return endpoints;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,80}\\.(csv|json|geojson)$|^SHA256SUMS$")]
    private static partial Regex FileName();

    public static Results<PhysicalFileHttpResult, NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails>> Get(string name, OpenDataDumper dumper, IStringLocalizer<SharedResource> text)
    {
        var manifest = name.Length <= 100 && FileName().IsMatch(name) ? dumper.Current : null;
        if (manifest is null)
        {
            return Missing(name, text);
        }
        DateTimeOffset lastModified = DateTime.SpecifyKind(manifest.GeneratedAt, DateTimeKind.Utc);
        string tag;
        if (manifest.Find(name) is { } file)
        {
            tag = file.Sha256[..32];
            lastModified = DateTime.SpecifyKind(file.GeneratedAt, DateTimeKind.Utc);
        }
        else if (name is OpenDataManifest.FileName or OpenDataManifest.ChecksumsFileName)
        {
            // Both are rewritten with each dump: the dump's date tells their version.
            tag = $"{name[..1]}{manifest.GeneratedAt.Ticks}";
        }
        else
        {
            return Missing(name, text);
        }
        var path = Path.Combine(dumper.Directory, name);
        if (!File.Exists(path))
        {
            return Missing(name, text);
        }
        return TypedResults.PhysicalFile(path, OpenDataFormats.ContentTypeOf(name), fileDownloadName: name,
            lastModified: lastModified, entityTag: new EntityTagHeaderValue($"\"{tag}\""), enableRangeProcessing: true);
    }

    private static NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> Missing(string name, IStringLocalizer text) => TypedResults.NotFound(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Title = text["Fichier introuvable"],
        Detail = text["Aucun fichier « {0} » dans les données ouvertes : la liste est sur /donnees.", name.Length > 100 ? name[..100] : name],
        Status = 404,
    });
}
