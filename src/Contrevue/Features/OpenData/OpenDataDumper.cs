using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Contrevue.Infrastructure.Text;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace Contrevue.Features.OpenData;

/// <summary>
/// Writes every dataset in every format into the dumps' folder: each file is written beside its final name and
/// moved over it once complete, so a download never sees half a file; then its SHA-256, size and date go into
/// <c>manifest.json</c> and <c>SHA256SUMS</c>, replaced the same way. Rows are streamed from the dataset to
/// the files, one pass for all formats. One dump at a time per instance.
/// </summary>
public sealed class OpenDataDumper(
    IServiceScopeFactory scopes, IOptions<OpenDataOptions> options, IConfiguration configuration, TimeProvider time, ILogger<OpenDataDumper> logger)
{
    private const int FlushBytes = 64 * 1024;
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _requested;

    public string Directory { get; } = OpenDataOptions.ResolveDirectory(options.Value, configuration);

    public OpenDataManifest? Current => OpenDataManifest.Read(Directory);

    /// <summary>True while a dump runs in this instance.</summary>
    public bool IsRunning => _gate.CurrentCount == 0;

    /// <summary>For the admin's button: starts a dump in the background unless one runs already; false then.</summary>
    public bool Request()
    {
        if (Interlocked.Exchange(ref _requested, 1) == 1)
        {
            return false;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await DumpAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Open data dump requested by an administrator failed");
            }
            finally
            {
                Volatile.Write(ref _requested, 0);
            }
        });
        return true;
    }

    public async Task<OpenDataManifest> DumpAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var generatedAt = time.GetUtcNow().UtcDateTime;
            var files = new List<OpenDataFile>();
            await using var scope = scopes.CreateAsyncScope();
            foreach (var dataset in scope.ServiceProvider.GetServices<IOpenDataset>().OrderBy(d => d.Order).ThenBy(d => d.Name, StringComparer.Ordinal))
            {
                files.AddRange(await WriteAsync(dataset, generatedAt, cancellationToken));
            }
            var manifest = new OpenDataManifest(generatedAt, files);
            var sums = new StringBuilder();
            foreach (var file in files)
            {
                sums.Append(CultureInfo.InvariantCulture, $"{file.Sha256}  {file.Name}\n");
            }
            await ReplaceAsync(OpenDataManifest.ChecksumsFileName, Encoding.UTF8.GetBytes(sums.ToString()), cancellationToken);
            await ReplaceAsync(OpenDataManifest.FileName, manifest.ToJson(), cancellationToken);
            RemoveStaleTemporaries();
            logger.LogInformation("Open data dumped: {Files} files, {Rows} rows, in {Directory}", files.Count, files.Sum(f => f.Rows), Directory);
            return manifest;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<List<OpenDataFile>> WriteAsync(IOpenDataset dataset, DateTime generatedAt, CancellationToken cancellationToken)
    {
        string[] formats = dataset.HasPoints
            ? [OpenDataFormats.CsvSemicolon, OpenDataFormats.CsvComma, OpenDataFormats.Json, OpenDataFormats.GeoJson]
            : [OpenDataFormats.CsvSemicolon, OpenDataFormats.CsvComma, OpenDataFormats.Json];
        var temporaries = formats.ToDictionary(f => f, f => Path.Combine(Directory, $".{OpenDataFormats.FileName(dataset.Name, f)}.{Guid.NewGuid():N}.tmp"));
        var rows = 0;
        try
        {
            var header = dataset.Columns.Select(c => c.Name).ToArray();
            await using (var semicolonFile = File.Create(temporaries[OpenDataFormats.CsvSemicolon]))
            await using (var commaFile = File.Create(temporaries[OpenDataFormats.CsvComma]))
            await using (var jsonFile = File.Create(temporaries[OpenDataFormats.Json]))
            await using (var geoFile = dataset.HasPoints ? File.Create(temporaries[OpenDataFormats.GeoJson]) : null)
            {
                // The « ; » file is the one a French spreadsheet opens: a BOM, and a cell starting with "=" not run as a formula.
                await using var semicolon = CsvWriter.Create(semicolonFile, CsvWriterOptions.Default with
                {
                    Separator = ';',
                    WriteByteOrderMark = true,
                    Injection = CsvInjection.Escape,
                }, leaveOpen: true);
                await using var comma = CsvWriter.Create(commaFile, CsvWriterOptions.Default with { Separator = ',' }, leaveOpen: true);
                await using var json = new Utf8JsonWriter(jsonFile, JsonOptions);
                await using var geo = geoFile is null ? null : new Utf8JsonWriter(geoFile, JsonOptions);

                await semicolon.WriteRecordAsync(header, cancellationToken);
                await comma.WriteRecordAsync(header, cancellationToken);
                StartJson(json, dataset, generatedAt);
                if (geo is not null)
                {
                    StartGeoJson(geo, dataset, generatedAt);
                }
                await foreach (var row in dataset.RowsAsync(cancellationToken))
                {
                    var cells = row.Values.Select(Cell).ToArray();
                    await semicolon.WriteRecordAsync(cells, cancellationToken);
                    await comma.WriteRecordAsync(cells, cancellationToken);
                    WriteObject(json, dataset.Columns, row.Values);
                    if (geo is not null)
                    {
                        WriteFeature(geo, dataset.Columns, row);
                    }
                    rows++;
                    if (json.BytesPending > FlushBytes)
                    {
                        await json.FlushAsync(cancellationToken);
                    }
                    if (geo is not null && geo.BytesPending > FlushBytes)
                    {
                        await geo.FlushAsync(cancellationToken);
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken);
                if (geo is not null)
                {
                    geo.WriteEndArray();
                    geo.WriteEndObject();
                    await geo.FlushAsync(cancellationToken);
                }
                await semicolon.FlushAsync(cancellationToken);
                await comma.FlushAsync(cancellationToken);
            }

            var files = new List<OpenDataFile>();
            foreach (var format in formats)
            {
                var name = OpenDataFormats.FileName(dataset.Name, format);
                var temporary = temporaries[format];
                string sha256;
                await using (var stream = File.OpenRead(temporary))
                {
                    sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
                }
                var bytes = new FileInfo(temporary).Length;
                File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
                files.Add(new OpenDataFile(name, dataset.Name, format, bytes, sha256, rows, generatedAt));
            }
            return files;
        }
        finally
        {
            foreach (var temporary in temporaries.Values)
            {
                File.Delete(temporary);
            }
        }
    }

    private static void StartJson(Utf8JsonWriter json, IOpenDataset dataset, DateTime generatedAt)
    {
        json.WriteStartObject();
        json.WriteString("dataset", dataset.Name);
        json.WriteString("title", dataset.Title);
        json.WriteString("license", dataset.Licence.Code);
        json.WriteString("licenseUrl", dataset.Licence.Url);
        json.WriteString("attribution", dataset.Licence.Attribution);
        json.WriteString("generatedAt", generatedAt);
        json.WriteStartArray("items");
    }

    private static void StartGeoJson(Utf8JsonWriter geo, IOpenDataset dataset, DateTime generatedAt)
    {
        geo.WriteStartObject();
        geo.WriteString("type", "FeatureCollection");
        // Foreign members (RFC 7946 § 6.1): what the data is and under which licence.
        geo.WriteString("dataset", dataset.Name);
        geo.WriteString("license", dataset.Licence.Code);
        geo.WriteString("licenseUrl", dataset.Licence.Url);
        geo.WriteString("attribution", dataset.Licence.Attribution);
        geo.WriteString("generatedAt", generatedAt);
        geo.WriteStartArray("features");
    }

    private static void WriteFeature(Utf8JsonWriter geo, IReadOnlyList<OpenDataColumn> columns, OpenDataRow row)
    {
        geo.WriteStartObject();
        geo.WriteString("type", "Feature");
        if (row is { Longitude: { } longitude, Latitude: { } latitude })
        {
            geo.WriteStartObject("geometry");
            geo.WriteString("type", "Point");
            geo.WriteStartArray("coordinates");
            // RFC 7946 § 3.1.1: longitude first; six decimals are about 10 cm (§ 11.2).
            geo.WriteNumberValue(Math.Round(longitude, 6));
            geo.WriteNumberValue(Math.Round(latitude, 6));
            geo.WriteEndArray();
            geo.WriteEndObject();
        }
        else
        {
            geo.WriteNull("geometry");
        }
        geo.WritePropertyName("properties");
        WriteObject(geo, columns, row.Values);
        geo.WriteEndObject();
    }

    private static void WriteObject(Utf8JsonWriter json, IReadOnlyList<OpenDataColumn> columns, object?[] values)
    {
        json.WriteStartObject();
        for (var i = 0; i < columns.Count; i++)
        {
            json.WritePropertyName(columns[i].Name);
            WriteValue(json, i < values.Length ? values[i] : null);
        }
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string text:
                json.WriteStringValue(text);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case double number:
                json.WriteNumberValue(number);
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case DateOnly day:
                json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime instant:
                json.WriteStringValue(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
                break;
            case IEnumerable<string> list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    json.WriteStringValue(item);
                }
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>A value as a CSV cell: invariant numbers (a point for decimals), ISO dates, lists joined by « , ».</summary>
    internal static string Cell(object? value) => value switch
    {
        null => "",
        string text => text,
        bool flag => flag ? "true" : "false",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(", ", list),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private async Task ReplaceAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Directory, $".{name}.{Guid.NewGuid():N}.tmp");
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
    }

    /// <summary>Temporary files left by a dump cut short (the process killed), older than a day.</summary>
    private void RemoveStaleTemporaries()
    {
        var before = time.GetUtcNow().UtcDateTime.AddDays(-1);
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, ".*.tmp"))
        {
            if (File.GetLastWriteTimeUtc(path) < before)
            {
                File.Delete(path);
            }
        }
    }
}
