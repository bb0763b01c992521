using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Observatoire.Api;

/// <summary>
/// The dossier list as GeoJSON (RFC 7946) for maps and GIS tools: the list API's filters, one Point per
/// dossier in longitude, latitude order (WGS 84, no <c>crs</c> member), paged by the list's cursor.
/// </summary>
public static class DossierGeoJsonApi
{
    public const string Route = "/api/v1/dossiers.geojson";
    public const string ContentType = "application/geo+json";
    public const int DefaultLimit = 500;
    public const int MaxLimit = 1000;
    private const string InvalidTitle = "Filtres invalides : vérifiez les paramètres indiqués.";

    /// <summary>Where a feature's point comes from, in its <c>position</c> property.</summary>
    public const string PositionOfDossier = "dossier";
    public const string PositionOfCommune = "commune";

    public static IEndpointRouteBuilder MapDossierGeoJsonApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GeoJson)
            .WithTags("Observatoire")
            .WithName("ListDossiersGeoJson")
            .WithSummary("Dossiers publiés en GeoJSON (RFC 7946), mêmes filtres que la liste, paginés par curseur")
            .WithDescription("Une Feature Point par dossier, coordonnées [longitude, latitude] en WGS 84. La propriété position dit " +
                "d'où vient le point : « dossier » (point saisi), « commune » (centre de la commune du dossier) ; sans l'un ni l'autre " +
                "la géométrie est null. limit : 1 à 1 000 (500 par défaut) ; la page suivante est dans le membre nextCursor, " +
                "le lien links[rel=next] et l'en-tête Link. ETag : If-None-Match répond 304.")
            .Produces<string>(StatusCodes.Status200OK, ContentType)
            .CacheOutput(ObservatoireCache.Policy);
        return endpoints;
    }

    public static async Task<Results<FileContentHttpResult, ValidationProblem>> GeoJson(
        [AsParameters] DossierListRequest request, string? cursor, string? limit, HttpContext context,
        DossierListQuery list, FlagContext flags, ContrevueDbContext db, SiteAddress site, IStringLocalizer<SharedResource> text,
        CancellationToken cancellationToken)
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
        var centres = await CentresAsync(db, page.Items, cancellationToken);
        var address = site.Of(context.Request);
        string? next = null;
        if (page.NextCursor is { } nextCursor)
        {
            var query = request.Parameters().Append(KeyValuePair.Create("cursor", (string?)nextCursor));
            if (!string.IsNullOrWhiteSpace(limit))
            {
                query = query.Append(KeyValuePair.Create("limit", (string?)size.ToString(CultureInfo.InvariantCulture)));
            }
            next = address + Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Route, query);
            context.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }

        var body = Write(page.Items, flags, centres, address, page.NextCursor, next);
        // The bytes decide the tag: any change of a listed dossier, or of a commune's centre, changes it.
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..32]}\"");
        return TypedResults.Bytes(body, ContentType, entityTag: tag);
    }

    /// <summary>The centres of the communes of the dossiers that have no point of their own, by code.</summary>
    private static async Task<Dictionary<string, (double Latitude, double Longitude)>> CentresAsync(
        ContrevueDbContext db, IReadOnlyList<Dossier> dossiers, CancellationToken cancellationToken)
    {
        var codes = dossiers.Where(d => d.Latitude is null || d.Longitude is null).Select(d => d.CommuneCode).OfType<string>().Distinct().ToList();
        if (codes.Count == 0)
        {
            return [];
        }
        var rows = await db.Set<Commune>().AsNoTracking()
            .Where(c => codes.Contains(c.Code) && c.CentreLatitude != null && c.CentreLongitude != null)
            .Select(c => new { c.Code, Latitude = c.CentreLatitude!.Value, Longitude = c.CentreLongitude!.Value })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Code, r => (r.Latitude, r.Longitude), StringComparer.Ordinal);
    }

    internal static byte[] Write(
        IReadOnlyList<Dossier> dossiers, FlagContext flags, IReadOnlyDictionary<string, (double Latitude, double Longitude)> centres,
        string address, string? nextCursor, string? next)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096 + dossiers.Count * 600);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("type", "FeatureCollection");
            json.WriteStartArray("features");
            foreach (var dossier in dossiers)
            {
                WriteFeature(json, dossier, flags.Of(dossier), centres, address);
            }
            json.WriteEndArray();
            // Foreign members (RFC 7946 § 6.1): the next page, and the licence of the data.
            if (nextCursor is not null)
            {
                json.WriteString("nextCursor", nextCursor);
                json.WriteStartArray("links");
                json.WriteStartObject();
                json.WriteString("rel", "next");
                json.WriteString("href", next);
                json.WriteEndObject();
                json.WriteEndArray();
            }
            else
            {
                json.WriteNull("nextCursor");
            }
            json.WriteString("license", "ODbL-1.0");
            json.WriteString("attribution", "Contrevue, observatoire de la vidéosurveillance algorithmique");
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteFeature(
        Utf8JsonWriter json, Dossier dossier, DossierFlag flags, IReadOnlyDictionary<string, (double Latitude, double Longitude)> centres, string address)
    {
        (double Latitude, double Longitude)? point = null;
        string? position = null;
        if (dossier is { Latitude: { } latitude, Longitude: { } longitude })
        {
            (point, position) = ((latitude, longitude), PositionOfDossier);
        }
        else if (dossier.CommuneCode is { } code && centres.TryGetValue(code, out var centre))
        {
            (point, position) = (centre, PositionOfCommune);
        }

        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteNumber("id", dossier.Id);
        if (point is { } p)
        {
            json.WriteStartObject("geometry");
            json.WriteString("type", "Point");
            json.WriteStartArray("coordinates");
            // RFC 7946 § 3.1.1: longitude first; six decimals are about 10 cm (§ 11.2).
            json.WriteNumberValue(Math.Round(p.Longitude, 6));
            json.WriteNumberValue(Math.Round(p.Latitude, 6));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("geometry");
        }
        json.WriteStartObject("properties");
        json.WriteString("title", dossier.Title);
        json.WriteString("authorityName", dossier.AuthorityName);
        json.WriteString("authorityKind", ObservatoireCodes.AuthorityKinds.Code(dossier.AuthorityKind));
        WriteStringOrNull(json, "authorityCode", dossier.AuthorityCode);
        WriteStringOrNull(json, "commune", dossier.CommuneCode);
        WriteStringOrNull(json, "departement", dossier.DepartementCode);
        WriteStringOrNull(json, "region", dossier.RegionCode);
        json.WriteStartArray("technologies");
        foreach (var technology in ObservatoireCodes.Technologies.CodesOf(dossier.Technologies))
        {
            json.WriteStringValue(technology);
        }
        json.WriteEndArray();
        json.WriteString("status", ObservatoireCodes.Statuses.Code(dossier.Status));
        WriteStringOrNull(json, "statusSince", DossierMapping.Iso(dossier.StatusSince));
        json.WriteStartArray("flags");
        foreach (var flag in ObservatoireCodes.Flags.CodesOf(flags))
        {
            json.WriteStringValue(flag);
        }
        json.WriteEndArray();
        json.WriteBoolean("alert", flags != 0);
        if (dossier.CameraCount is { } cameras)
        {
            json.WriteNumber("cameraCount", cameras);
        }
        else
        {
            json.WriteNull("cameraCount");
        }
        json.WriteBoolean("fictional", dossier.IsFictional);
        WriteStringOrNull(json, "position", position);
        json.WriteString("url", address + dossier.CanonicalPath);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
