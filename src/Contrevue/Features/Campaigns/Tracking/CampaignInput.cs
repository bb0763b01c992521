using System.Globalization;
using Contrevue.Data;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Tracking;

/// <summary>The checks requests and answers share: the territory a campaign writes to, dates, short public texts.</summary>
public static class CampaignInput
{
    /// <summary>Before this, nobody was asking mairies about VSA: a date before it is a typing mistake.</summary>
    public static readonly DateOnly EarliestDate = new(2019, 1, 1);
    public const int MaxPublicNameLength = 100;

    public static Task<Campaign?> FindCampaignAsync(this ContrevueDbContext db, string slug, CancellationToken cancellationToken) =>
        db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Slug == slug, cancellationToken);

    public static IReadOnlyList<string> TargetLevelsOf(Campaign campaign) =>
        campaign.TargetLevels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The territory, existing and of a level the campaign writes to; its name, or null with an error.</summary>
    public static async Task<(TerritoryReference? Territory, string? Name)> ReadTerritoryAsync(
        ContrevueDbContext db, Campaign campaign, string? text, Dictionary<string, string[]> errors, IStringLocalizer localizer, CancellationToken cancellationToken)
    {
        if (!TerritoryReference.TryParse(text, out var territory))
        {
            errors["territory"] = [string.IsNullOrWhiteSpace(text)
                ? "Indiquez la collectivité : un code INSEE (42218) ou commune:…, epci:…, departement:…, region:…"
                : localizer["Territoire invalide « {0} » : un code INSEE (42218) ou commune:…, epci:…, departement:…, region:…", Shorten(text)]];
            return (null, null);
        }
        var name = await db.NameOfAsync(territory.Value, cancellationToken);
        if (name is null)
        {
            errors["territory"] = [localizer["Territoire inconnu : {0}.", territory.Value]];
            return (null, null);
        }
        if (!TargetLevelsOf(campaign).Contains(TerritoryReference.Prefix(territory.Value.Kind)))
        {
            errors["territory"] = [localizer["Cette campagne ne s'adresse pas à ce type de collectivité ({0}) : elle vise {1}.", name, string.Join(", ", TargetLevelsOf(campaign).Select(level => LevelLabel(level, localizer)))]];
            return (null, null);
        }
        return (territory, name);
    }

    /// <summary>The kinds of territory the campaign writes to, for its forms' territory fields.</summary>
    public static IReadOnlyCollection<TerritoryKind> TargetKindsOf(Campaign campaign) =>
        [.. TargetLevelsOf(campaign).Select(level => level switch
        {
            "epci" => TerritoryKind.Epci,
            "departement" => TerritoryKind.Departement,
            "region" => TerritoryKind.Region,
            _ => TerritoryKind.Commune,
        })];

    /// <summary>
    /// A campaign form's territory field read as people fill it (a name, a postal code, a code): the
    /// territory and its name, or the field's view with its error or its candidates.
    /// </summary>
    public static async Task<(Territories.Search.TerritoryFieldResult.Found? Found, Territories.Search.TerritoryFieldView View)> ReadTerritoryFieldAsync(
        this Territories.Search.TerritoryField field, Campaign campaign, string? value, Territories.Search.TerritoryFieldView view, CancellationToken cancellationToken)
    {
        var result = await field.ResolveAsync(value, TargetKindsOf(campaign), cancellationToken);
        return result is Territories.Search.TerritoryFieldResult.Found found
            ? (found, view with { Value = FieldValueOf(found) })
            : (null, view.With(result));
    }

    private static string FieldValueOf(Territories.Search.TerritoryFieldResult.Found found) =>
        new Territories.Search.TerritoryChoice(found.Territory, found.Name, "").FieldValue;

    /// <summary>The territory's page (it redirects a bare code to the canonical address).</summary>
    public static string PathOf(TerritoryReference territory) => territory.Kind switch
    {
        TerritoryKind.Departement => $"/departements/{territory.Code}",
        TerritoryKind.Region => $"/regions/{territory.Code}",
        TerritoryKind.Epci => $"/epci/{territory.Code}",
        _ => $"/communes/{territory.Code}",
    };

    public static string LevelLabel(string level, IStringLocalizer text) => level switch
    {
        "epci" => text["les intercommunalités"],
        "departement" => text["les départements"],
        "region" => text["les régions"],
        _ => text["les communes"],
    };

    /// <summary>A required date in YYYY-MM-DD, not in the future and not absurdly old.</summary>
    public static DateOnly? ReadDate(string? text, string field, string what, DateOnly today, Dictionary<string, string[]> errors, IStringLocalizer localizer, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = [localizer["Indiquez {0} (AAAA-MM-JJ).", what]];
            }
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = [localizer["Date invalide « {0} » : écrivez-la AAAA-MM-JJ, par exemple {1:yyyy-MM-dd}.", Shorten(text), today]];
            return null;
        }
        if (date > today)
        {
            errors[field] = [localizer["{0} ne peut pas être dans le futur ({1:dd/MM/yyyy}).", Capitalised(what), date]];
            return null;
        }
        if (date < EarliestDate)
        {
            errors[field] = [localizer["{0} est trop ancienne ({1:dd/MM/yyyy}) : vérifiez l'année.", Capitalised(what), date]];
            return null;
        }
        return date;
    }

    /// <summary>An optional one-line public text (a name), without control characters.</summary>
    public static string? ReadPublicName(string? text, string field, Dictionary<string, string[]> errors, IStringLocalizer localizer)
    {
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (value is null)
        {
            return null;
        }
        if (value.Length > MaxPublicNameLength)
        {
            errors[field] = [localizer["Le nom public tient en {0} caractères au plus ({1} donnés).", MaxPublicNameLength, value.Length]];
            return null;
        }
        if (value.Any(char.IsControl))
        {
            errors[field] = ["Le nom public ne peut contenir ni retour à la ligne ni caractère de contrôle."];
            return null;
        }
        return value;
    }

    public static string? ReadEmail(string? text, string field, Dictionary<string, string[]> errors)
    {
        var email = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (email is not null && !Infrastructure.Mail.EmailAddresses.IsValid(email))
        {
            errors[field] = ["Adresse e-mail invalide."];
            return null;
        }
        return email;
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("fr-FR")) + text[1..];

    private static string Shorten(string text) => text.Length <= 40 ? text.Trim() : text.Trim()[..40] + "…";
}
