using Contrevue.Infrastructure.Documents;
using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Audit;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Data;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Administration;

/// <summary>A campaign as admins write it, through the API (JSON) and the form alike.</summary>
public sealed class CampaignInput
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public string? Demand { get; set; }
    public string? LetterSubject { get; set; }
    public string? LetterTemplate { get; set; }
    /// <summary>Codes among commune, epci, departement, region.</summary>
    public string[]? TargetLevels { get; set; }
    /// <summary>"14,28": days after sending when the sender is asked whether the authority answered; empty for none.</summary>
    public string? FollowUpDays { get; set; }
    public bool IsOpen { get; set; } = true;

    public static CampaignInput From(Campaign campaign) => new()
    {
        Slug = campaign.Slug,
        Title = campaign.Title,
        Demand = campaign.Demand,
        LetterSubject = campaign.LetterSubject,
        LetterTemplate = campaign.LetterTemplate,
        TargetLevels = CampaignEditor.Levels(campaign.TargetLevels),
        FollowUpDays = campaign.FollowUpDays,
        IsOpen = campaign.IsOpen,
    };
}

/// <summary>A campaign as the API reads it: public text, the letter's template included.</summary>
public sealed record CampaignDocument(
    string Slug, string Title, string Demand, string LetterSubject, string LetterTemplate,
    IReadOnlyList<string> TargetLevels, IReadOnlyList<int> FollowUpDays, bool IsOpen, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static CampaignDocument From(Campaign campaign) => new(
        campaign.Slug, campaign.Title, campaign.Demand, campaign.LetterSubject, campaign.LetterTemplate,
        CampaignEditor.Levels(campaign.TargetLevels),
        [.. campaign.FollowUpDays.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d, NumberStyles.None, CultureInfo.InvariantCulture, out var day) ? day : 0).Where(d => d > 0)],
        campaign.IsOpen, campaign.CreatedAt, campaign.UpdatedAt);
}

public abstract record CampaignChange
{
    public sealed record Saved(Campaign Campaign) : CampaignChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : CampaignChange;
    /// <summary>Another campaign already has the slug.</summary>
    public sealed record Duplicate(Dictionary<string, string[]> Errors) : CampaignChange;
    public sealed record NotFound : CampaignChange;
}

/// <summary>
/// The one place where a campaign is checked and saved: its rules, in French, field by field (keys
/// are the API's field names), and a revision ("campaign", by id) plus an audit entry for each save.
/// </summary>
public sealed partial class CampaignEditor(ContrevueDbContext db, AuditLog audit, TimeProvider time, IStringLocalizer<SharedResource> text)
{
    public const string EntityType = "campaign";
    public const int MaxFollowUps = 2;
    public const int MaxFollowUpDay = 90;
    public const int MinParagraphs = 3;

    public const string AlternativesMessage = "Une variante s'écrit entre accolades, deux ou trois formes séparées par « | » : {je vous écris|nous vous écrivons} ou {je|nous|notre collectif}. Les variantes ne s'emboîtent pas ; elles peuvent contenir des champs comme {territoire}.";

    public static readonly string[] KnownLevels = ["commune", "epci", "departement", "region"];

    /// <summary>The fields a letter may hold, and what each becomes (the help text of the form).</summary>
    public static readonly IReadOnlyList<(string Field, string Help)> Fields =
    [
        ("{territoire}", "le nom de la collectivité à qui l'on écrit : « Saint-Étienne »."),
        ("{a_territoire}", "le même nom précédé de « à » : « à Saint-Étienne », « au Havre », « aux Mureaux »."),
        ("{destinataire}", "la formule d'appel selon la collectivité : « Madame, Monsieur le Maire »."),
        ("{expediteur}", "le nom de la personne ou du collectif qui écrit."),
        ("{paragraphe_personnel}", "le paragraphe que chaque expéditeur écrit en ses mots (obligatoire)."),
        ("{date}", "la date du jour, en toutes lettres : « 29 novembre 2026 »."),
        ("{ville_expediteur}", "la ville de l'expéditeur, ou à défaut la collectivité."),
    ];

    // Accented letters kept as they are: the revisions stay readable in the database.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public async Task<List<Campaign>> ListAsync(CancellationToken cancellationToken)
    {
        var campaigns = await db.Set<Campaign>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. campaigns.OrderByDescending(c => c.IsOpen).ThenBy(c => c.Title, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true))];
    }

    public Task<Campaign?> FindAsync(string slug, CancellationToken cancellationToken) =>
        db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);

    public Task<CampaignChange> CreateAsync(CampaignInput input, string? userId, CancellationToken cancellationToken) =>
        SaveAsync(null, input, userId, cancellationToken);

    public Task<CampaignChange> UpdateAsync(string slug, CampaignInput input, string? userId, CancellationToken cancellationToken) =>
        SaveAsync(slug, input, userId, cancellationToken);

    private async Task<CampaignChange> SaveAsync(string? slug, CampaignInput input, string? userId, CancellationToken cancellationToken)
    {
        Campaign? campaign = null;
        if (slug is not null && (campaign = await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken)) is null)
        {
            return new CampaignChange.NotFound();
        }
        var (valid, errors) = Check(input, text);
        if (valid is null)
        {
            return new CampaignChange.Invalid(errors);
        }
        var otherId = campaign?.Id ?? 0;
        if (await db.Set<Campaign>().AnyAsync(c => c.Slug == valid.Slug && c.Id != otherId, cancellationToken))
        {
            return new CampaignChange.Duplicate(SlugTaken(valid.Slug));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var before = campaign is null ? null : JsonSerializer.Serialize(CampaignDocument.From(campaign), Json);
        if (campaign is null)
        {
            campaign = new Campaign { Slug = valid.Slug, Title = "", Demand = "", LetterSubject = "", LetterTemplate = "", CreatedAt = now };
            db.Add(campaign);
        }
        campaign.Slug = valid.Slug;
        campaign.Title = valid.Title;
        campaign.Demand = valid.Demand;
        campaign.LetterSubject = valid.LetterSubject;
        campaign.LetterTemplate = valid.LetterTemplate;
        campaign.TargetLevels = valid.TargetLevels;
        campaign.FollowUpDays = valid.FollowUpDays;
        campaign.IsOpen = valid.IsOpen;
        campaign.UpdatedAt = now;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The id is known once the campaign is inserted; the revision is keyed by it, as the slug may change.
            await db.SaveChangesAsync(cancellationToken);
            db.Add(new Revision
            {
                EntityType = EntityType,
                EntityKey = campaign.Id.ToString(CultureInfo.InvariantCulture),
                CreatedAt = now,
                AuthorUserId = userId,
                Before = before,
                After = JsonSerializer.Serialize(CampaignDocument.From(campaign), Json),
            });
            audit.Record(userId, before is null ? "campaign.create" : "campaign.update", $"campaign:{campaign.Id}", campaign.Slug);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two admins taking the same slug at once: the unique index decides.
            db.ChangeTracker.Clear();
            if (await db.Set<Campaign>().AnyAsync(c => c.Slug == valid.Slug && c.Id != otherId, cancellationToken))
            {
                return new CampaignChange.Duplicate(SlugTaken(valid.Slug));
            }
            throw;
        }
        return new CampaignChange.Saved(campaign);
    }

    private Dictionary<string, string[]> SlugTaken(string slug) =>
        new() { ["slug"] = [text["Une autre campagne a déjà l'adresse « {0} » : choisissez-en une autre.", slug]] };

    /// <summary>The campaign's values once cleaned (trimmed, "\n" line breaks), or the errors by field.</summary>
    public static (Campaign? Valid, Dictionary<string, string[]> Errors) Check(CampaignInput input, IStringLocalizer localizer)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        var slug = input.Slug?.Trim() ?? "";
        if (!SlugPattern().IsMatch(slug))
        {
            errors["slug"] = ["L'adresse (slug) tient en 3 à 80 caractères : lettres minuscules sans accent, chiffres et tirets, comme « pas-de-vsa-dans-ma-ville »."];
        }
        var title = input.Title?.Trim() ?? "";
        if (title.Length is < 3 or > 200)
        {
            errors["title"] = [localizer["Le titre tient en 3 à 200 caractères ({0} donnés).", title.Length]];
        }
        var demand = Text(input.Demand);
        if (demand.Length == 0)
        {
            errors["demand"] = ["La demande est obligatoire : ce que la campagne demande à chaque collectivité."];
        }
        else if (demand.Length > 10_000)
        {
            errors["demand"] = [localizer["La demande tient en 10 000 caractères au plus ({0} donnés).", Count(demand.Length)]];
        }
        var subject = input.LetterSubject?.Trim() ?? "";
        if (subject.Length == 0)
        {
            errors["letterSubject"] = ["L'objet de la lettre est obligatoire."];
        }
        else if (subject.Length > 300)
        {
            errors["letterSubject"] = [localizer["L'objet de la lettre tient en 300 caractères au plus ({0} donnés).", Count(subject.Length)]];
        }
        else if (SenderVoice.HasMalformedAlternatives(subject))
        {
            errors["letterSubject"] = [AlternativesMessage];
        }
        else if (UnknownFields(subject) is { Count: > 0 } unknownInSubject)
        {
            errors["letterSubject"] = [UnknownFieldsMessage(unknownInSubject, localizer)];
        }
        var template = Text(input.LetterTemplate);
        if (TemplateErrors(template, localizer) is { Count: > 0 } templateErrors)
        {
            errors["letterTemplate"] = [.. templateErrors];
        }
        var levels = (input.TargetLevels ?? [])
            .SelectMany(l => (l ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(l => l.ToLowerInvariant())
            .Distinct()
            .ToList();
        if (levels.Count == 0 || levels.Any(l => !KnownLevels.Contains(l)))
        {
            errors["targetLevels"] = [localizer["Choisissez au moins un type de collectivité destinataire, parmi : {0}.", string.Join(", ", KnownLevels)]];
        }
        var followUps = FollowUps(input.FollowUpDays);
        if (followUps is null)
        {
            errors["followUpDays"] = [localizer["Les relances : au plus {0} nombres de jours entre 1 et {1}, croissants et séparés par une virgule (« 14,28 »), ou rien pour ne pas relancer.", MaxFollowUps, MaxFollowUpDay]];
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new Campaign
        {
            Slug = slug,
            Title = title,
            Demand = demand,
            LetterSubject = subject,
            LetterTemplate = template,
            TargetLevels = string.Join(',', KnownLevels.Where(levels.Contains)),
            FollowUpDays = string.Join(',', followUps!),
            IsOpen = input.IsOpen,
        }, errors);
    }

    private static List<string> TemplateErrors(string template, IStringLocalizer localizer)
    {
        var errors = new List<string>();
        if (template.Length == 0)
        {
            errors.Add("Le modèle de la lettre est obligatoire.");
            return errors;
        }
        if (template.Length > 20_000)
        {
            errors.Add(localizer["Le modèle de la lettre tient en 20 000 caractères au plus ({0} donnés).", Count(template.Length)]);
        }
        foreach (var required in new[] { "{paragraphe_personnel}", "{territoire}" })
        {
            if (!template.Contains(required, StringComparison.Ordinal))
            {
                errors.Add(localizer["Le modèle de la lettre doit contenir le champ {0}.", required]);
            }
        }
        if (UnknownFields(template) is { Count: > 0 } unknown)
        {
            errors.Add(UnknownFieldsMessage(unknown, localizer));
        }
        if (SenderVoice.HasMalformedAlternatives(template))
        {
            errors.Add(AlternativesMessage);
        }
        if (Paragraphs(template) < MinParagraphs)
        {
            errors.Add(localizer["Le modèle de la lettre compte au moins {0} paragraphes séparés par une ligne vide : la formule d'appel, le corps, la formule de politesse ({1} trouvés).", MinParagraphs, Paragraphs(template)]);
        }
        return errors;
    }

    private static string UnknownFieldsMessage(IReadOnlyList<string> unknown, IStringLocalizer localizer) =>
        localizer["Champ inconnu : {0}. Les champs possibles sont {1}.", string.Join(", ", unknown), string.Join(", ", Fields.Select(f => f.Field))];

    private static List<string> UnknownFields(string text) =>
        [.. FieldPattern().Matches(text).Select(m => m.Value).Where(f => !Fields.Any(k => k.Field == f)).Distinct()];

    /// <summary>Counted as the composer splits them.</summary>
    private static int Paragraphs(string template) =>
        template.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length;

    /// <summary>The days, or null when they break the rule; empty for no follow-up.</summary>
    private static List<int>? FollowUps(string? value)
    {
        var days = new List<int>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return days;
        }
        foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                || day is < 1 or > MaxFollowUpDay || (days.Count > 0 && day <= days[^1]))
            {
                return null;
            }
            days.Add(day);
        }
        return days.Count <= MaxFollowUps ? days : null;
    }

    public static string[] Levels(string levels) => levels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Text(string? value) => (value ?? "").ReplaceLineEndings("\n").Trim();

    private static string Count(int count) => count.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"));

    [GeneratedRegex("^[a-z0-9-]{3,80}$")]
    private static partial Regex SlugPattern();

    /// <summary>A field: braces around a word, not an alternative (which holds a « | »).</summary>
    [GeneratedRegex(@"\{[^{}\s|]*\}")]
    private static partial Regex FieldPattern();
}
