using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Documents;
using System.Globalization;
using System.IO.Compression;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Letters;
using Contrevue.Features.Contacts;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Batch;

/// <summary>Exactly one selector: a département code, an EPCI's SIREN, or a list of communes (INSEE codes or names).</summary>
public sealed record LetterBatchRequest(
    string? Departement, string? Epci, IReadOnlyList<string>? Territories,
    string? SenderName, string? SenderKind, string? PersonalParagraph,
    string? SenderCity = null, string? SenderAddress = null, bool Registered = false);

public abstract record BatchComposition
{
    /// <summary>Checked and laid out, not rendered yet: <see cref="LetterBatchZip"/> renders it into the response.</summary>
    public sealed record Planned(BatchPlan Plan) : BatchComposition;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : BatchComposition;
    /// <summary>More communes than the public may ask for at once: 403, an account may.</summary>
    public sealed record OverPublicLimit(int PublicLimit) : BatchComposition;
    public sealed record CampaignNotFound : BatchComposition;
}

public sealed record BatchLetter(Letter Letter, Addressee Addressee);

public sealed record BatchPlan(string FileName, IReadOnlyList<BatchLetter> Letters, bool Registered);

/// <summary>Settings of <c>Campaigns:LetterBatches</c>.</summary>
public sealed class LetterBatchOptions
{
    public const string Section = "Campaigns:LetterBatches";

    /// <summary>
    /// Communes per batch for whoever asks without an account. Twenty PDFs cost about a tenth of a
    /// second of CPU; a département, seconds: that is for accountable people (members, tokens).
    /// </summary>
    public int PublicMaxCommunes { get; set; } = 20;
}

/// <summary>One line of <c>destinataires.csv</c>, for mail merge or a registered-post service.</summary>
public sealed record Addressee(
    string InseeCode,
    string Commune,
    string Recipient,
    string Address1,
    string Address2,
    string Address3,
    string PostalCode,
    string City,
    string Email,
    string File);

/// <summary>
/// Letters from one sender to many communes at once (a collective writing to a département, an
/// EPCI, a list): one PDF per commune and the CSV of addressees, in a ZIP.
/// </summary>
public sealed partial class LetterBatchComposer(ContrevueDbContext db, ContactService contacts, LetterComposer composer, IOptions<LetterBatchOptions> options, IStringLocalizer<SharedResource> text)
{
    /// <summary>Above the largest département (Pas-de-Calais, about 890 communes), for accounts and tokens.</summary>
    public const int MaxCommunes = 1_000;

    public const string PublicLimitTitle = "Trop de communes sans compte";
    public const string PublicLimitDetail = "Sans compte, les lettres groupées vont à {0} communes au plus par envoi. " +
        "Les membres d'un collectif, connectés ou avec un jeton d'API, peuvent en demander jusqu'à {1} : " +
        "rejoignez le collectif de votre territoire, ou choisissez une liste de {0} communes au plus.";

    public int PublicMaxCommunes => Math.Clamp(options.Value.PublicMaxCommunes, 1, MaxCommunes);

    /// <summary>
    /// Accounts exist by invitation only (collectives' members, moderators) and tokens are theirs: they
    /// answer for what they ask. Their second factor is required where their role requires one.
    /// </summary>
    public static bool MayAskForMore(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && TwoFactorRequirement.IsSatisfied(user);

    public static string FormatCount(int count) => count.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));

    public const string CsvFileName = "destinataires.csv";

    public static readonly string[] CsvHeader =
        ["code_insee", "commune", "destinataire", "adresse_1", "adresse_2", "adresse_3", "code_postal", "ville", "email", "fichier"];

    private sealed record Target(string Code, string Name, string PostalCodes);

    /// <param name="accountable">Whoever asks answers for it (<see cref="MayAskForMore"/>): up to <see cref="MaxCommunes"/>, else <see cref="PublicMaxCommunes"/>.</param>
    public async Task<BatchComposition> ComposeAsync(string slug, LetterBatchRequest request, bool accountable, CancellationToken cancellationToken)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);
        if (campaign is null)
        {
            return new BatchComposition.CampaignNotFound();
        }
        var errors = new Dictionary<string, string[]>();
        if (!campaign.IsOpen)
        {
            errors["campaign"] = [text[CampaignApi.ClosedMessage, campaign.Title]];
            return new BatchComposition.Invalid(errors);
        }
        var sender = composer.CheckSender(request.SenderName, request.SenderKind, request.PersonalParagraph, request.SenderCity, request.SenderAddress, request.Registered, errors);
        var limit = accountable ? MaxCommunes : PublicMaxCommunes;
        var (targets, selection, overLimit) = await SelectAsync(request, limit, errors, cancellationToken);
        if (overLimit && limit < MaxCommunes)
        {
            return new BatchComposition.OverPublicLimit(limit);
        }
        if (errors.Count > 0 || sender is null || targets is null)
        {
            return new BatchComposition.Invalid(errors);
        }

        // One query for the facts of every commune, not one per letter.
        var facts = await contacts.FindManyAsync(TerritoryKind.Commune, targets.Select(t => t.Code).ToList(), cancellationToken);
        var date = composer.Today();
        var letters = targets.Select(t =>
        {
            var known = facts.GetValueOrDefault(t.Code);
            var letter = LetterComposer.Build(campaign, sender, TerritoryKind.Commune, t.Name, known, LetterComposer.FirstPostalCode(t.PostalCodes), date);
            return new BatchLetter(letter, ToAddressee(t, known, letter, $"{t.Code}-{SearchText.Slug(t.Name)}.pdf"));
        }).ToList();
        return new BatchComposition.Planned(new BatchPlan($"lettres-{SearchText.Slug(selection)}.zip", letters, sender.Registered));
    }

    /// <summary>
    /// The ZIP written to <paramref name="output"/> as its letters are rendered, <paramref name="parallelism"/>
    /// at a time: memory holds a few PDFs, not the batch, and the first bytes leave before the last letter
    /// is laid out. Everything is written asynchronously (a response body refuses synchronous writes).
    /// </summary>
    public static async Task WriteZipAsync(BatchPlan plan, Stream output, int parallelism, CancellationToken cancellationToken)
    {
        parallelism = Math.Max(1, parallelism);
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        var letters = plan.Letters;
        for (var start = 0; start < letters.Count; start += parallelism)
        {
            var count = Math.Min(parallelism, letters.Count - start);
            var first = start;
            var pdfs = count == 1
                ? [LetterPdfRenderer.Render(letters[first].Letter, registered: plan.Registered)]
                : await Task.WhenAll(Enumerable.Range(first, count).Select(i =>
                    Task.Run(() => LetterPdfRenderer.Render(letters[i].Letter, registered: plan.Registered), cancellationToken)));
            for (var i = 0; i < count; i++)
            {
                // The PDFs' streams are compressed already: storing them costs nothing in size.
                var entry = zip.CreateEntry(letters[first + i].Addressee.File, CompressionLevel.NoCompression);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(pdfs[i], cancellationToken);
            }
        }
        var csv = zip.CreateEntry(CsvFileName, CompressionLevel.Optimal);
        await using (var csvStream = await csv.OpenAsync(cancellationToken))
        {
            var csvOptions = CsvWriterOptions.Default with
            {
                Separator = ';',
                WriteByteOrderMark = true,
                // A name starting with "=" must not run as a formula in a spreadsheet.
                Injection = CsvInjection.Escape,
            };
            await using var table = CsvWriter.Create(csvStream, csvOptions, leaveOpen: true);
            await table.WriteRecordAsync(CsvHeader, cancellationToken);
            foreach (var (_, a) in letters)
            {
                await table.WriteRecordAsync([a.InseeCode, a.Commune, a.Recipient, a.Address1, a.Address2, a.Address3, a.PostalCode, a.City, a.Email, a.File], cancellationToken);
            }
            await table.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The communes of the one selector given, in code order; errors by field otherwise.</summary>
    /// <returns>OverLimit: the selection holds more than <paramref name="limit"/> communes (refused before they are read).</returns>
    private async Task<(List<Target>? Targets, string Selection, bool OverLimit)> SelectAsync(LetterBatchRequest request, int limit, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var departement = string.IsNullOrWhiteSpace(request.Departement) ? null : request.Departement.Trim().ToUpperInvariant();
        var epci = string.IsNullOrWhiteSpace(request.Epci) ? null : request.Epci.Trim().Replace(" ", "", StringComparison.Ordinal);
        var names = request.Territories?.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var given = (departement is null ? 0 : 1) + (epci is null ? 0 : 1) + (names is { Count: > 0 } ? 1 : 0);
        if (given != 1)
        {
            errors["selection"] = [given == 0
                ? "Choisissez les communes : un département (« departement »), une intercommunalité (« epci », son SIREN) ou une liste de communes (« territories »)."
                : "Un seul choix de communes à la fois : un département, une intercommunalité ou une liste, pas plusieurs."];
            return (null, "", false);
        }
        var communes = db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune);
        if (departement is not null)
        {
            var name = await db.Set<Departement>().Where(d => d.Code == departement).Select(d => d.Name).FirstOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                errors["departement"] = [text["Département inconnu : {0}. Donnez son code (42 pour la Loire, 2A pour la Corse-du-Sud).", departement]];
                return (null, "", false);
            }
            var (targets, overLimit) = await TargetsAsync(communes.Where(c => c.DepartementCode == departement), limit, "departement", errors, cancellationToken);
            return (targets, name, overLimit);
        }
        if (epci is not null)
        {
            var name = await db.Set<Epci>().Where(e => e.Siren == epci).Select(e => e.Name).FirstOrDefaultAsync(cancellationToken);
            if (name is null)
            {
                errors["epci"] = [text["Intercommunalité inconnue : {0}. Donnez son SIREN, 9 chiffres (244200770 pour Saint-Étienne Métropole).", epci]];
                return (null, "", false);
            }
            var (targets, overLimit) = await TargetsAsync(communes.Where(c => c.EpciSiren == epci), limit, "epci", errors, cancellationToken);
            return (targets, name, overLimit);
        }
        if (names!.Count > limit)
        {
            errors["territories"] = [TooMany()];
            return (null, "selection", true);
        }
        return (await ListedAsync(names, errors, cancellationToken), "selection", false);
    }

    private async Task<(List<Target>? Targets, bool OverLimit)> TargetsAsync(IQueryable<Commune> communes, int limit, string field, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var targets = await communes.OrderBy(c => c.Code).Take(limit + 1)
            .Select(c => new Target(c.Code, c.Name, c.PostalCodes)).ToListAsync(cancellationToken);
        if (targets.Count > limit)
        {
            errors[field] = [TooMany()];
            return (null, true);
        }
        if (targets.Count == 0)
        {
            errors[field] = ["Aucune commune dans cette sélection."];
            return (null, false);
        }
        return (targets, false);
    }

    /// <summary>Hand-picked communes: INSEE codes (42218) or names (Saint-Étienne), each found exactly once.</summary>
    private async Task<List<Target>?> ListedAsync(List<string> entries, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var codes = entries.Where(e => InseeCode().IsMatch(e)).Select(e => e.ToUpperInvariant()).ToList();
        var searchNames = entries.Where(e => !InseeCode().IsMatch(e)).Select(SearchText.Normalize).Distinct().ToList();
        var found = await db.Set<Commune>().AsNoTracking()
            .Where(c => codes.Contains(c.Code) || (c.Kind == CommuneKind.Commune && searchNames.Contains(c.SearchName)))
            .Select(c => new { c.Code, c.Name, c.PostalCodes, c.SearchName, c.DepartementCode })
            .ToListAsync(cancellationToken);
        var byCode = found.ToDictionary(c => c.Code);
        var byName = found.ToLookup(c => c.SearchName);
        var targets = new Dictionary<string, Target>();
        var unknown = new List<string>();
        var ambiguous = new List<string>();
        foreach (var entry in entries)
        {
            if (InseeCode().IsMatch(entry))
            {
                if (byCode.TryGetValue(entry.ToUpperInvariant(), out var commune))
                    targets.TryAdd(commune.Code, new Target(commune.Code, commune.Name, commune.PostalCodes));
                else
                    unknown.Add(entry);
                continue;
            }
            var matches = byName[SearchText.Normalize(entry)].ToList();
            switch (matches.Count)
            {
                case 0:
                    unknown.Add(entry);
                    break;
                case 1:
                    targets.TryAdd(matches[0].Code, new Target(matches[0].Code, matches[0].Name, matches[0].PostalCodes));
                    break;
                default:
                    ambiguous.Add($"{entry} ({string.Join(", ", matches.OrderBy(m => m.Code).Select(m => m.Code))})");
                    break;
            }
        }
        var messages = new List<string>();
        if (unknown.Count > 0)
        {
            var list = string.Join(", ", unknown.Take(20));
            messages.Add(unknown.Count switch
            {
                1 => text["Commune inconnue : {0}. Vérifiez l'orthographe ou donnez le code INSEE.", list],
                <= 20 => text["Communes inconnues : {0}. Vérifiez l'orthographe ou donnez le code INSEE.", list],
                _ => text["Communes inconnues : {0} et {1} autres. Vérifiez l'orthographe ou donnez le code INSEE.", list, unknown.Count - 20],
            });
        }
        if (ambiguous.Count > 0)
        {
            messages.Add(text["Plusieurs communes portent ce nom, donnez le code INSEE : {0}.", string.Join(" ; ", ambiguous.Take(20))]);
        }
        if (messages.Count > 0)
        {
            errors["territories"] = [.. messages];
            return null;
        }
        return targets.Values.OrderBy(t => t.Code, StringComparer.Ordinal).ToList();
    }

    private string TooMany() =>
        text["Trop de communes : {0} au plus par envoi groupé. Découpez la sélection.", FormatCount(MaxCommunes)];

    /// <summary>
    /// The addressee as mail-merge columns: the person or title, the institution and street lines,
    /// then postal code and city taken from the address's last line ("42000 Saint-Étienne") when it has one.
    /// </summary>
    private static Addressee ToAddressee(Target target, ContactFacts? facts, Letter letter, string file)
    {
        var lines = letter.AddresseeLines.Skip(1).ToList();
        var postalCode = LetterComposer.FirstPostalCode(target.PostalCodes) ?? "";
        var city = target.Name;
        if (lines.Count > 1 && PostalLine().Match(lines[^1]) is { Success: true } match)
        {
            postalCode = match.Groups[1].Value;
            city = match.Groups[2].Value.Trim();
            lines.RemoveAt(lines.Count - 1);
        }
        if (lines.Count > 3)
        {
            lines = [lines[0], lines[1], string.Join(", ", lines.Skip(2))];
        }
        string Line(int i) => i < lines.Count ? lines[i] : "";
        return new Addressee(target.Code, target.Name, letter.AddresseeLines[0], Line(0), Line(1), Line(2), postalCode, city, facts?.Email ?? "", file);
    }

    [GeneratedRegex(@"^[0-9][0-9AB][0-9]{3}$", RegexOptions.IgnoreCase)]
    private static partial Regex InseeCode();

    [GeneratedRegex(@"^([0-9]{5})\s+(.+)$")]
    private static partial Regex PostalLine();
}
