using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Contrevue.Features.Contacts.Import;

/// <summary>One commune's main mairie as the annuaire describes it: what a letter needs, nothing more.</summary>
public sealed record MairieEntry(string Code, string Name, string? PostalAddress, string? Email, string? Website, DateOnly? UpdatedOn);

/// <summary>What reading the annuaire found: the mairies, and what it left aside.</summary>
public sealed class AnnuaireFile
{
    public List<MairieEntry> Mairies { get; } = [];

    /// <summary>Organisations of the file: every one is read, most are not mairies.</summary>
    public int Organisations { get; set; }

    /// <summary>Mairies déléguées, annexes and mairies d'arrondissement: not the commune's mairie.</summary>
    public int SecondaryMairies { get; set; }

    /// <summary>Entries that are not what the format says (an id, a name, a commune code of five characters, lists where lists belong).</summary>
    public List<string> Malformed { get; } = [];

    public const string SourceName = "Annuaire de l'administration (DILA), Licence Ouverte";

    /// <summary>
    /// Reads the DILA's JSON export (« Base de données locales de Service-public », an object whose
    /// <c>service</c> array holds every organisation) one organisation at a time: the national file is
    /// hundreds of megabytes, the memory used is one organisation's and the mairies kept.
    /// </summary>
    /// <exception cref="ContactImportException">The file is missing, is not JSON, or has no <c>service</c> array.</exception>
    public static async Task<AnnuaireFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new ContactImportException($"fichier introuvable : {path}");
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await ReadAsync(stream, cancellationToken);
    }

    public static async Task<AnnuaireFile> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var file = new AnnuaireFile();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var length = 0;
            var final = false;
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var stage = Stage.Start;
            var sawService = false;
            while (true)
            {
                // Fill the buffer, growing it when one organisation does not fit.
                if (!final && length < buffer.Length)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                    length += read;
                    final = read == 0;
                    if (stage == Stage.Start && length >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
                    {
                        // Utf8JsonReader does not skip a byte order mark.
                        Buffer.BlockCopy(buffer, 3, buffer, 0, length - 3);
                        length -= 3;
                    }
                }
                int consumed;
                try
                {
                    consumed = Advance(buffer.AsSpan(0, length), final, ref state, ref stage, ref sawService, file);
                }
                catch (JsonException exception)
                {
                    throw NotTheFormat($"JSON invalide ({exception.Message.Split('.')[0]})");
                }
                if (stage == Stage.Done)
                {
                    break;
                }
                if (consumed == 0 && final)
                {
                    throw NotTheFormat("fin du fichier au milieu d'une fiche");
                }
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                if (consumed == 0 && length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            if (!sawService)
            {
                throw NotTheFormat("pas de tableau « service »");
            }
            file.KeepOnePerCommune();
            return file;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Stage { Start, InRoot, InService, Done }

    private static ContactImportException NotTheFormat(string why) =>
        new($"ce n'est pas l'export JSON de l'Annuaire de l'administration (un objet dont le tableau « service » liste les organisations) : {why}.");

    /// <summary>Reads as far as the bytes allow; returns how many were consumed (whole tokens and whole organisations only).</summary>
    private static int Advance(ReadOnlySpan<byte> bytes, bool final, ref JsonReaderState state, ref Stage stage, ref bool sawService, AnnuaireFile file)
    {
        var reader = new Utf8JsonReader(bytes, final, state);
        var consumed = 0;
        while (true)
        {
            switch (stage)
            {
                case Stage.Start:
                    if (!reader.Read())
                    {
                        return Done(consumed, final, stage);
                    }
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw NotTheFormat("le document ne commence pas par un objet");
                    }
                    stage = Stage.InRoot;
                    break;
                case Stage.InRoot:
                {
                    if (!reader.Read())
                    {
                        return Done(consumed, final, stage);
                    }
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        stage = Stage.Done;
                        return (int)reader.BytesConsumed;
                    }
                    var isService = reader.ValueTextEquals("service"u8);
                    if (!reader.Read())
                    {
                        return Done(consumed, final, stage);
                    }
                    if (isService && reader.TokenType == JsonTokenType.StartArray)
                    {
                        sawService = true;
                        stage = Stage.InService;
                    }
                    else if (!reader.TrySkip())
                    {
                        return Done(consumed, final, stage);
                    }
                    break;
                }
                case Stage.InService:
                {
                    if (!reader.Read())
                    {
                        return Done(consumed, final, stage);
                    }
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        stage = Stage.InRoot;
                        break;
                    }
                    var start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        return Done(consumed, final, stage);
                    }
                    file.Organisations++;
                    using (var document = JsonDocument.Parse(bytes[start..(int)reader.BytesConsumed].ToArray()))
                    {
                        file.Read(document.RootElement);
                    }
                    break;
                }
                case Stage.Done:
                    return (int)reader.BytesConsumed;
            }
            consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
        }
    }

    /// <summary>Out of bytes: the state stays the one saved after the last whole token, where reading resumes.</summary>
    private static int Done(int consumed, bool final, Stage stage)
    {
        if (final && stage != Stage.Done)
        {
            throw NotTheFormat(stage == Stage.Start ? "fichier vide" : "document incomplet");
        }
        return consumed;
    }

    private void Read(JsonElement organisation)
    {
        try
        {
            ReadOrganisation(organisation);
        }
        catch (InvalidOperationException)
        {
            // GetString/EnumerateArray on a value of another kind: the entry is not in the published shape.
            Malformed.Add($"fiche n° {Organisations}{(organisation.TryGetProperty("nom", out var name) && name.ValueKind == JsonValueKind.String ? $", {name.GetString()}" : "")} : champs qui ne sont pas au format publié");
        }
    }

    private void ReadOrganisation(JsonElement organisation)
    {
        if (organisation.ValueKind != JsonValueKind.Object)
        {
            Malformed.Add($"fiche n° {Organisations} : un objet attendu");
            return;
        }
        if (!IsMairie(organisation))
        {
            return;
        }
        var id = Text(organisation, "id");
        var name = Text(organisation, "nom");
        if (id is null || name is null)
        {
            Malformed.Add($"fiche n° {Organisations} : sans « id » ou sans « nom »");
            return;
        }
        // Only the commune's own mairie ("Mairie - Saint-Étienne"): not "Mairie déléguée - …",
        // "Mairie annexe - …", nor those of the arrondissements of Paris, Lyon and Marseille.
        if (IsSecondary(name))
        {
            SecondaryMairies++;
            return;
        }
        var code = Text(organisation, "code_insee_commune") ?? SingleMairieCode(organisation);
        if (code is null || code.Length != 5)
        {
            Malformed.Add($"fiche n° {Organisations}, {name} : code INSEE de la commune absent ou invalide");
            return;
        }
        Mairies.Add(new MairieEntry(code, name, PostalAddress(organisation), Email(organisation), Website(organisation), UpdatedOn(organisation)));
    }

    private static readonly string[] SecondaryWords = ["déléguée", "deleguee", "annexe", "arrondissement", "associée", "quartier"];

    private static bool IsSecondary(string name) => SecondaryWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>When a file gives a commune two main mairies, the one named by the annuaire's convention, "Mairie - X".</summary>
    private void KeepOnePerCommune()
    {
        var kept = new List<MairieEntry>();
        foreach (var group in Mairies.GroupBy(m => m.Code))
        {
            kept.Add(group.OrderBy(m => m.Name.StartsWith("Mairie - ", StringComparison.OrdinalIgnoreCase) ? 0 : 1).First());
            SecondaryMairies += group.Count() - 1;
        }
        Mairies.Clear();
        Mairies.AddRange(kept);
    }

    /// <summary>A pivot of type « mairie » (<c>pivot: [{ type_service_local: "mairie", code_insee_commune: [...] }]</c>).</summary>
    private static bool IsMairie(JsonElement organisation) =>
        organisation.TryGetProperty("pivot", out var pivots) && pivots.ValueKind == JsonValueKind.Array
        && pivots.EnumerateArray().Any(p => p.ValueKind == JsonValueKind.Object && Text(p, "type_service_local") == "mairie");

    private static string? SingleMairieCode(JsonElement organisation)
    {
        var codes = organisation.GetProperty("pivot").EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && Text(p, "type_service_local") == "mairie" && p.TryGetProperty("code_insee_commune", out _))
            .SelectMany(p => p.GetProperty("code_insee_commune").EnumerateArray().Select(c => c.GetString()))
            .Distinct()
            .ToList();
        return codes.Count == 1 ? codes[0]?.Trim() : null;
    }

    /// <summary>
    /// The postal address if given, the street address otherwise, as the lines of an envelope:
    /// complements, street, distribution service (BP, CS), postal code and commune.
    /// </summary>
    private static string? PostalAddress(JsonElement organisation)
    {
        var all = List(organisation, "adresse");
        var chosen = all.FirstOrDefault(a => Text(a, "type_adresse") == "Adresse postale");
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            chosen = all.FirstOrDefault(a => Text(a, "type_adresse") is "Adresse" or null);
        }
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var city = string.Join(' ', new[] { Text(chosen, "code_postal"), Text(chosen, "nom_commune") }.OfType<string>());
        string?[] lines = [Text(chosen, "complement1"), Text(chosen, "complement2"), Text(chosen, "numero_voie"), Text(chosen, "service_distribution"), city];
        var text = string.Join('\n', lines.Where(l => !string.IsNullOrWhiteSpace(l)));
        // A postal code and a commune alone are what letters already write without an import.
        return Text(chosen, "numero_voie") is null && Text(chosen, "service_distribution") is null ? null : Limit(text, 500);
    }

    private static string? Email(JsonElement organisation) =>
        List(organisation, "adresse_courriel").Select(e => e.GetString()?.Trim()).FirstOrDefault(e => e is { Length: <= 254 } && Infrastructure.Mail.EmailAddresses.IsValid(e));

    /// <summary>The first web address; "www.exemple.fr" gets https:// (the annuaire often leaves the scheme out), an e-mail put there is left out.</summary>
    private static string? Website(JsonElement organisation)
    {
        foreach (var site in List(organisation, "site_internet"))
        {
            var value = Text(site, "valeur");
            if (value is null || value.Contains('@', StringComparison.Ordinal) || value.Any(char.IsWhiteSpace))
            {
                continue;
            }
            var url = value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? value : $"https://{value}";
            if (url.Length <= 500 && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Host.Contains('.', StringComparison.Ordinal))
            {
                return url;
            }
        }
        return null;
    }

    /// <summary><c>date_modification</c>, "28/11/2026 14:14:36" in the export.</summary>
    private static DateOnly? UpdatedOn(JsonElement organisation)
    {
        var text = Text(organisation, "date_modification");
        return text is not null && text.Length >= 10
            && DateOnly.TryParseExact(text[..10], ["dd/MM/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>An array property's items; none when absent or null. Another kind of value throws <see cref="InvalidOperationException"/>.</summary>
    private static List<JsonElement> List(JsonElement element, string property) =>
        !element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()]
        : throw new InvalidOperationException($"{property}: a list expected");

    /// <summary>A string property, trimmed; null when absent, null or blank. Another kind of value throws <see cref="InvalidOperationException"/>.</summary>
    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null
            ? (value.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null)
            : null;

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];
}
