using System.Globalization;
using Contrevue.Features.Carte.Background;
using Contrevue.Features.Carte.Tiles;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Carte;

/// <summary>
/// The map's data: vector tiles per layer, their TileJSON, the list of what a box shows (for the
/// accessible list beside the map) and the optional PMTiles basemap, all from this origin.
/// </summary>
public static class CarteApi
{
    public const string TileContentType = "application/vnd.mapbox-vector-tile";
    public const int MaxListed = 100;
    private const string Refused = "Requête refusée : vérifiez les paramètres indiqués.";

    public static RouteGroupBuilder MapCarteApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("").WithTags("Carte");
        group.MapGet("/tuiles/{layer}/{z}/{x}/{y}.mvt", Tile)
            .WithName("GetMapTile")
            .WithSummary("Une tuile vectorielle (Mapbox Vector Tile) d'une couche de la carte : dossiers, caméras, collectifs, rendez-vous ; points proches regroupés (point_count)");
        group.MapGet("/tuiles/{layer}.json", TileJson)
            .WithName("GetMapLayerTileJson")
            .WithSummary("La description TileJSON 3.0 d'une couche de la carte, avec l'adresse de ses tuiles");
        group.MapGet("/carte/visibles", Visible)
            .WithName("ListVisibleMapPoints")
            .WithSummary("Ce qu'une zone de la carte montre d'une couche (bbox=ouest,sud,est,nord) : le nombre, les 100 premiers par nom, leur emprise");
        group.MapGet("/carte/departements.geojson", DepartementOutlinesFile)
            .WithName("GetDepartementOutlines")
            .WithSummary("Les contours des départements métropolitains (lignes GeoJSON, précision de quelques kilomètres), que la carte trace quand l'instance n'a pas de fond de carte");
        group.MapGet("/carte/fond-{version}.pmtiles", BasemapFile)
            .WithName("GetMapBasemap")
            .WithSummary("Le fond de carte PMTiles de l'instance, s'il y en a un (requêtes par plage d'octets)");
        return group;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> Tile(
        string layer, string z, string x, string y, HttpContext context, IEnumerable<IMapLayer> layers, MapTiles tiles, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!int.TryParse(z, NumberStyles.None, CultureInfo.InvariantCulture, out var zoom) || zoom > TileRenderer.MaxZoom)
        {
            errors["z"] = [string.Format(CultureInfo.InvariantCulture, "Niveau de zoom illisible : un entier de 0 à {0}.", TileRenderer.MaxZoom)];
        }
        else if (!int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var column) || !int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var row)
            || !TileRenderer.IsValid(zoom, column, row))
        {
            errors["x"] = [string.Format(CultureInfo.InvariantCulture, "Tuile hors de la grille : x et y vont de 0 à {0} au zoom {1}.", (1L << zoom) - 1, zoom)];
        }
        var found = layers.FirstOrDefault(l => l.Code == layer);
        if (found is null)
        {
            return UnknownLayer(layer, layers);
        }
        var filter = PointFilter.Parse(found, context.Request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: Refused);
        }
        var tile = await tiles.TileAsync(found, filter, zoom, int.Parse(x, CultureInfo.InvariantCulture), int.Parse(y, CultureInfo.InvariantCulture), cancellationToken);
        var headers = context.Response.GetTypedHeaders();
        // Short: an edit must show soon; the ETag makes the check cheap.
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(60) };
        headers.ETag = new EntityTagHeaderValue(tile.ETag);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag == tile.ETag || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.File(tile.Bytes, TileContentType);
    }

    public static async Task<Results<Ok<TileJsonDto>, ProblemHttpResult>> TileJson(
        string layer, HttpContext context, IEnumerable<IMapLayer> layers, MapTiles tiles, SiteAddress site, CancellationToken cancellationToken)
    {
        var found = layers.FirstOrDefault(l => l.Code == layer);
        if (found is null)
        {
            return UnknownLayer(layer, layers);
        }
        var version = await tiles.VersionAsync(found, cancellationToken);
        var baseUrl = site.Of(context.Request);
        return TypedResults.Ok(new TileJsonDto(
            "3.0.0", found.Name, found.Attribution,
            [$"{baseUrl}/tuiles/{found.Code}/{{z}}/{{x}}/{{y}}.mvt?v={Uri.EscapeDataString(version)}"],
            0, TileRenderer.MaxZoom, [-180, -85.0511, 180, 85.0511],
            [new VectorLayerDto(found.Code, found.Name)]));
    }

    public static async Task<Results<Ok<VisibleDto>, ValidationProblem, ProblemHttpResult>> Visible(
        string? couche, string? bbox, HttpContext context, IEnumerable<IMapLayer> layers, MapTiles tiles, CancellationToken cancellationToken)
    {
        var found = layers.FirstOrDefault(l => l.Code == (couche ?? ""));
        if (found is null)
        {
            return UnknownLayer(couche ?? "", layers);
        }
        var errors = new Dictionary<string, string[]>();
        double[]? box = null;
        if (!string.IsNullOrWhiteSpace(bbox))
        {
            box = ParseBox(bbox);
            if (box is null)
            {
                errors["bbox"] = ["Emprise illisible : bbox=ouest,sud,est,nord en degrés (par exemple 4.0,45.2,4.8,46.3)."];
            }
        }
        var filter = PointFilter.Parse(found, context.Request.Query, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: Refused);
        }
        var visible = await tiles.VisibleAsync(found, filter, box, MaxListed, cancellationToken);
        return TypedResults.Ok(new VisibleDto(found.Code, visible.Total,
            [.. visible.Items.Select(p => new VisibleItemDto(p.Id, p.Label, p.Path, p.DepartementCode, p.Latitude, p.Longitude))],
            visible.Bounds));
    }

    public static Results<PhysicalFileHttpResult, NotFound> BasemapFile(string version, HttpContext context, Basemap basemap)
    {
        if (basemap.Current() is not { } current || current.Version != version)
        {
            return TypedResults.NotFound();
        }
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        // octet-stream: no compression middleware touches it, so byte ranges stay the file's own.
        return TypedResults.PhysicalFile(current.File.FullName, "application/octet-stream",
            lastModified: current.File.LastWriteTimeUtc, entityTag: new EntityTagHeaderValue($"\"{version}\""), enableRangeProcessing: true);
    }

    public static Results<FileContentHttpResult, StatusCodeHttpResult> DepartementOutlinesFile(HttpContext context, DepartementOutlines outlines)
    {
        var headers = context.Response.GetTypedHeaders();
        headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromDays(1) };
        headers.ETag = new EntityTagHeaderValue(outlines.ETag);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag == outlines.ETag || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.File(outlines.GeoJson, "application/geo+json");
    }

    internal static double[]? ParseBox(string bbox)
    {
        var parts = bbox.Split(',');
        if (parts.Length != 4)
        {
            return null;
        }
        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return null;
            }
        }
        var (west, south, east, north) = (values[0], values[1], values[2], values[3]);
        return west is >= -180 and <= 180 && east is >= -180 and <= 180 && south is >= -90 and <= 90 && north is >= -90 and <= 90
            && west < east && south < north ? values : null;
    }

    private static ProblemHttpResult UnknownLayer(string layer, IEnumerable<IMapLayer> layers) =>
        TypedResults.Problem(title: "Couche inconnue",
            detail: string.Format(CultureInfo.InvariantCulture, "La carte n'a pas de couche « {0} ». Couches : {1}.", layer, string.Join(", ", layers.OrderBy(l => l.Order).Select(l => l.Code))),
            statusCode: StatusCodes.Status404NotFound);
}

public sealed record TileJsonDto(
    [property: System.Text.Json.Serialization.JsonPropertyName("tilejson")] string TileJson,
    string Name, string? Attribution, IReadOnlyList<string> Tiles, int MinZoom, int MaxZoom, double[] Bounds,
    [property: System.Text.Json.Serialization.JsonPropertyName("vector_layers")] IReadOnlyList<VectorLayerDto> VectorLayers);

public sealed record VectorLayerDto(string Id, string Description);

public sealed record VisibleDto(string Layer, int Total, IReadOnlyList<VisibleItemDto> Items, double[]? Bounds);

public sealed record VisibleItemDto(long Id, string Label, string? Path, string? Departement, double Latitude, double Longitude);
