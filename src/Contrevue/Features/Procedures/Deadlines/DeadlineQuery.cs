using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>The validated input of the calculator, shared by the API and the page.</summary>
public sealed record DeadlineQuery(DeadlineProcedure Procedure, DateOnly Start, string? Departement)
{
    public static readonly DateOnly MinStart = new(1990, 1, 1);
    public static readonly DateOnly MaxStart = new(2100, 12, 31);

    /// <summary>Every département code: metropolitan 01–95 with 2A and 2B instead of 20, and the five overseas ones.</summary>
    public static IReadOnlySet<string> DepartementCodes { get; } = new HashSet<string>(
        Enumerable.Range(1, 95).Where(n => n != 20).Select(n => n.ToString("00", CultureInfo.InvariantCulture))
            .Concat(["2A", "2B", "971", "972", "973", "974", "976"]),
        StringComparer.Ordinal);

    /// <summary>Parses the three query values; French messages keyed by parameter name when something is wrong.</summary>
    public static (DeadlineQuery? Query, Dictionary<string, string[]> Errors) Parse(string? procedure, string? start, string? departement, IStringLocalizer text)
    {
        var errors = new Dictionary<string, string[]>();
        var kinds = string.Join(", ", DeadlineRules.Procedures.Select(p => p.Code));

        var kind = DeadlineRules.FindProcedure(procedure?.Trim());
        if (string.IsNullOrWhiteSpace(procedure))
        {
            errors["procedure"] = [text["Indiquez la procédure, parmi : {0}.", kinds]];
        }
        else if (kind is null)
        {
            errors["procedure"] = [text["Procédure inconnue « {0} ». Procédures possibles : {1}.", procedure, kinds]];
        }

        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(start))
        {
            errors["start"] = ["Indiquez la date de départ, au format AAAA-MM-JJ."];
        }
        else if (!DateOnly.TryParseExact(start.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            errors["start"] = [text["Date de départ invalide « {0} » : attendu une date réelle au format AAAA-MM-JJ, par exemple 2025-01-31.", start]];
        }
        else if (date < MinStart || date > MaxStart)
        {
            errors["start"] = [text["La date de départ doit être comprise entre le {0} et le {1}.", DeadlineCalculator.Numeric(MinStart), DeadlineCalculator.Numeric(MaxStart)]];
        }

        var code = string.IsNullOrWhiteSpace(departement) ? null : departement.Trim().ToUpperInvariant();
        if (code is not null && !DepartementCodes.Contains(code))
        {
            errors["departement"] = [text["Département inconnu « {0} » : indiquez un code comme 42, 2A, 67 ou 974.", departement!]];
        }

        return errors.Count > 0 || kind is null ? (null, errors) : (new DeadlineQuery(kind, date, code), errors);
    }
}
