using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Osm.Api;

/// <summary>
/// <c>GET /api/v1/osm/cameras.geojson?territory=commune:42218|departement:42</c>: OpenStreetMap's cameras of a
/// territory as an RFC 7946 FeatureCollection, under the ODbL, with its attribution as foreign members.
/// </summary>
public static class OsmCameraApi
{
    /// <summary>A département holds at most a few thousand mapped cameras; beyond this the answer says it is truncated.</summary>
    public const int MaxFeatures = 20_000;
    public const string Attribution = "© les contributeurs d'OpenStreetMap";
    public const string License = "ODbL-1.0";

    public const string Example =
        "{\"type\":\"FeatureCollection\",\"license\":\"ODbL-1.0\",\"attribution\":\"© les contributeurs d'OpenStreetMap\"," +
        "\"source\":\"https://www.openstreetmap.org/copyright\",\"territory\":\"commune:42218\",\"truncated\":false,\"features\":[" +
        "{\"type\":\"Feature\",\"id\":\"node/4611686001\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[4.387231,45.439512]}," +
        "\"properties\":{\"man_made\":\"surveillance\",\"surveillance\":\"public\",\"surveillance:type\":\"camera\",\"camera:type\":\"dome\"}}]}";

    public static RouteGroupBuilder MapOsmCameraApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/osm").WithTags("OpenStreetMap");
        group.MapGet("/cameras.geojson", Cameras)
            .WithName("OsmCamerasGeoJson")
            .WithSummary("Les caméras d'OpenStreetMap d'une commune ou d'un département, en GeoJSON (RFC 7946), sous licence ODbL")
            .WithDescription("territory : commune:42218 ou departement:42. Propriétés : les étiquettes OSM du nœud. " +
                $"Au plus {MaxFeatures} points (truncated: true au-delà). © les contributeurs d'OpenStreetMap, ODbL. Exemple : " + Example)
            .Produces(StatusCodes.Status200OK, contentType: "application/geo+json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<IResult> Cameras(string? territory, HttpContext http, ContrevueDbContext db, OsmCameraQueries cameras, CancellationToken cancellationToken)
    {
        if (!TerritoryReference.TryParse(territory, out var reference) || reference.Value.Kind is not (TerritoryKind.Commune or TerritoryKind.Departement))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["territory"] = ["Territoire illisible : commune:42218 ou departement:42."] },
                title: "Requête refusée : vérifiez les paramètres indiqués.");
        }
        var place = reference.Value;
        if (await db.NameOfAsync(place, cancellationToken) is null)
        {
            return TypedResults.Problem(title: "Territoire inconnu.", detail: "Aucune commune ni aucun département ne porte ce code.", statusCode: StatusCodes.Status404NotFound);
        }

        var version = await cameras.VersionAsync(cancellationToken);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{version}|{place}")))[..24]}\"");
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag == "*" || tag.Compare(etag, useStrongComparison: false)))
        {
            http.Response.Headers.ETag = etag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        http.Response.Headers.ETag = etag.ToString();
        http.Response.Headers.CacheControl = "public, max-age=300, must-revalidate";

        var rows = await cameras.In(place)
            .Where(c => c.AreaKey != Import.OsmCameraAreas.Demo)
            .OrderBy(c => c.NodeId)
            .Take(MaxFeatures + 1)
            .Select(c => new { c.NodeId, c.Latitude, c.Longitude, c.TagsJson })
            .ToListAsync(cancellationToken);
        var truncated = rows.Count > MaxFeatures;

        return TypedResults.Stream(async body =>
        {
            await using var json = new Utf8JsonWriter(body);
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteString("license", License);
            json.WriteString("attribution", Attribution);
            json.WriteString("source", "https://www.openstreetmap.org/copyright");
            json.WriteString("territory", place.ToString());
            json.WriteBoolean("truncated", truncated);
            json.WriteStartArray("features");
            foreach (var row in rows.Take(MaxFeatures))
            {
                json.WriteStartObject();
                json.WriteString("type", "Feature");
                json.WriteString("id", "node/" + row.NodeId.ToString(CultureInfo.InvariantCulture));
                json.WriteStartObject("geometry");
                json.WriteString("type", "Point");
                json.WriteStartArray("coordinates");
                json.WriteNumberValue(Math.Round(row.Longitude, 7));
                json.WriteNumberValue(Math.Round(row.Latitude, 7));
                json.WriteEndArray();
                json.WriteEndObject();
                json.WritePropertyName("properties");
                WriteTags(json, row.TagsJson);
                json.WriteEndObject();
                if (json.BytesPending > 32 * 1024)
                {
                    await json.FlushAsync(cancellationToken);
                }
            }
            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        }, "application/geo+json; charset=utf-8");
    }

    /// <summary>The stored tags, re-written string by string (never raw): a damaged row gives an empty object.</summary>
    private static void WriteTags(Utf8JsonWriter json, string tagsJson)
    {
        json.WriteStartObject();
        try
        {
            using var document = JsonDocument.Parse(tagsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        json.WriteString(property.Name, property.Value.GetString());
                    }
                }
            }
        }
        catch (JsonException)
        {
        }
        json.WriteEndObject();
    }
}
