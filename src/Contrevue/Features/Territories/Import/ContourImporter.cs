using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Territories.Places;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;

namespace Contrevue.Features.Territories.Import;

public sealed record ContourImportReport(int Contours, int CentresFromContours, int UnknownCommunes, int Unreadable);

/// <summary>
/// <c>Contrevue import contours FILE</c>: communes' outlines from a geo.api.gouv.fr
/// (<c>?format=geojson&amp;geometry=contour</c>) or ADMIN EXPRESS GeoJSON FeatureCollection (property <c>code</c>
/// or <c>INSEE_COM</c>; Polygon or MultiPolygon). Each commune's centre becomes a point inside its outline
/// (<see cref="CommuneCentreSource.Contour"/>), which GeoNames' centres never overwrite. The file is read
/// feature by feature; one transaction.
/// </summary>
public sealed class ContourImporter(ContrevueDbContext db, TimeProvider time, ILogger<ContourImporter> logger, TerritoryDataVersion? dataVersion = null)
{
    public const long MaxBytes = 2L << 30;
    private const int MaxGeometryBytes = 64 << 20;

    public async Task<ContourImportReport> ImportFileAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new TerritoryImportException($"Fichier introuvable : {path}");
        }
        if (file.Length > MaxBytes)
        {
            throw new TerritoryImportException($"Fichier trop gros ({file.Length / 1_000_000:N0} Mo).");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        try
        {
            return await ImportAsync(stream, cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw new TerritoryImportException(exception.Message);
        }
    }

    public async Task<ContourImportReport> ImportAsync(Stream stream, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var communes = (await db.Set<Commune>().Select(c => c.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var isPostgres = db.ProviderOf() == DatabaseProvider.Postgres;
        var writer = new BulkWriter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), multiRowStatements: isPostgres);
        int contours = 0, unknown = 0, unreadable = 0;
        var rows = new List<object?[]>();
        var centres = new List<(string Code, double Latitude, double Longitude)>();

        var json = new JsonTokenStream(stream);
        await json.ExpectAsync(JsonTokenType.StartObject, cancellationToken);
        var sawFeatures = false;
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                break;
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            if (name != "features" || json.TokenType != JsonTokenType.StartArray)
            {
                await json.SkipValueAsync(cancellationToken);
                continue;
            }
            sawFeatures = true;
            while (true)
            {
                await json.NextAsync(cancellationToken);
                if (json.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }
                if (json.TokenType != JsonTokenType.StartObject)
                {
                    throw json.Error("objet Feature attendu");
                }
                var (code, geometryJson) = await ReadFeatureAsync(json, cancellationToken);
                if (code is null || !communes.Contains(code))
                {
                    unknown++;
                    continue;
                }
                var geometry = geometryJson is null ? null : ContourGeometry.TryRead(geometryJson);
                if (geometry is null || !geometry.IsValid && (geometry = geometry.Buffer(0)) is not (Polygon or MultiPolygon))
                {
                    unreadable++;
                    continue;
                }
                var envelope = geometry.EnvelopeInternal;
                var inside = geometry.InteriorPoint;
                rows.Add([code, ContourGeometry.Write(geometry), envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY, now]);
                centres.Add((code, inside.Y, inside.X));
                contours++;
                if (rows.Count >= 500)
                {
                    await WriteAsync(writer, rows, cancellationToken);
                }
            }
        }
        if (!sawFeatures)
        {
            throw new TerritoryImportException("Ce GeoJSON n'a pas de liste « features ».");
        }
        await WriteAsync(writer, rows, cancellationToken);
        foreach (var (code, latitude, longitude) in centres)
        {
            await db.Set<Commune>().Where(c => c.Code == code).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.CentreLatitude, latitude)
                .SetProperty(c => c.CentreLongitude, longitude)
                .SetProperty(c => c.CentreSource, CommuneCentreSource.Contour), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        dataVersion?.Invalidate();
        logger.LogInformation("Contours: {Contours} communes, {Unknown} unknown codes, {Unreadable} unreadable geometries", contours, unknown, unreadable);
        return new ContourImportReport(contours, centres.Count, unknown, unreadable);
    }

    private static Task WriteAsync(BulkWriter writer, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var batch = rows.ToList();
        rows.Clear();
        return writer.UpsertAsync("commune_contours",
            ["commune_code", "geometry_json", "min_longitude", "min_latitude", "max_longitude", "max_latitude", "imported_at"], ["commune_code"], batch, cancellationToken);
    }

    private static async Task<(string? Code, string? GeometryJson)> ReadFeatureAsync(JsonTokenStream json, CancellationToken cancellationToken)
    {
        string? code = null;
        string? geometry = null;
        while (true)
        {
            await json.NextAsync(cancellationToken);
            if (json.TokenType == JsonTokenType.EndObject)
            {
                return (code, geometry);
            }
            var name = json.Text;
            await json.NextAsync(cancellationToken);
            if (name == "properties" && json.TokenType == JsonTokenType.StartObject)
            {
                while (true)
                {
                    await json.NextAsync(cancellationToken);
                    if (json.TokenType == JsonTokenType.EndObject)
                    {
                        break;
                    }
                    var key = json.Text;
                    await json.NextAsync(cancellationToken);
                    if (key is "code" or "INSEE_COM" or "insee_com" && json.TokenType == JsonTokenType.String)
                    {
                        code = json.Text;
                    }
                    await json.SkipValueAsync(cancellationToken);
                }
            }
            else if (name == "geometry" && json.TokenType == JsonTokenType.StartObject)
            {
                using var buffer = new MemoryStream();
                await using (var writer = new Utf8JsonWriter(buffer))
                {
                    await json.CopyValueAsync(writer, MaxGeometryBytes, cancellationToken);
                }
                geometry = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
            else
            {
                await json.SkipValueAsync(cancellationToken);
            }
        }
    }
}
