using System.Globalization;

namespace Contrevue.Features.Procedures.Deadlines;

/// <summary>A computed step: its date and, in French, the working that led to it.</summary>
public sealed record DeadlineStep(string Key, string Label, DateOnly Date, DeadlineStepType Type, string LegalBasis, string Explanation);

/// <summary>
/// Pure deadline arithmetic of French procedures: month arithmetic of CPC art. 641, days, <em>délai
/// franc</em>, and the move of a last day to act to the next working day (CPC art. 642 for administrative
/// procedures, CPP art. 801 for fines).
/// </summary>
public static class DeadlineCalculator
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The steps of <paramref name="procedure"/> from <paramref name="start"/>; throws on an unknown procedure.</summary>
    public static IReadOnlyList<DeadlineStep> Compute(string procedure, DateOnly start, string? departement = null, IEnumerable<ExtraHoliday>? extraHolidays = null)
    {
        if (DeadlineRules.FindProcedure(procedure) is null)
        {
            throw new ArgumentException($"Unknown procedure kind '{procedure}'.", nameof(procedure));
        }
        var extra = extraHolidays?.ToList() ?? [];
        var steps = new List<DeadlineStep>();
        foreach (var rule in DeadlineRules.StepsOf(procedure))
        {
            // Chained steps count from the previous step's date, e.g. the court deadline from the implicit rejection.
            var from = rule.From is null ? start : steps.Single(s => s.Key == rule.From).Date;
            steps.Add(ComputeStep(rule, from, departement, extra));
        }
        return steps;
    }

    /// <summary>CPC art. 641: the same day number N months later, or the last day of that month when it does not exist.</summary>
    public static DateOnly AddMonths(DateOnly from, int months) => from.AddMonths(months);

    public static bool IsWorkingDay(DateOnly date, string? departement, IEnumerable<ExtraHoliday>? extra = null) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && FrenchHolidays.NameOf(date, departement, extra) is null;

    private static DeadlineStep ComputeStep(DeadlineRule rule, DateOnly from, string? departement, List<ExtraHoliday> extra)
    {
        var raw = rule.Days > 0 ? from.AddDays(rule.Days) : AddMonths(from, rule.Months);
        var text = rule.Days > 0
            ? $"{Numeric(from)} + {rule.Days} jours = {Numeric(raw)}"
            : $"{Numeric(from)} + {rule.Months} mois = {Numeric(raw)}";
        if (rule.Days == 0 && raw.Day != from.Day)
        {
            var missing = new DateOnly(raw.Year, raw.Month, 1);
            text += $" (pas de {from.Day} {French.DateTimeFormat.GetMonthName(missing.Month)} : dernier jour du mois)";
        }

        var date = raw;
        if (rule.Franc)
        {
            date = raw.AddDays(1);
            text += $" ; délai franc : le lendemain, {Numeric(date)}";
        }

        switch (rule.Type)
        {
            case DeadlineStepType.LastDayToAct:
                var reasons = new List<string>();
                while (NonWorkingReason(date, departement, extra) is { } reason)
                {
                    reasons.Add(reasons.Count == 0 ? $", {reason}" : $", puis le {Numeric(date)}, {reason}");
                    date = date.AddDays(1);
                }
                if (reasons.Count > 0)
                {
                    text += string.Concat(reasons) + $" : reporté au {French.DateTimeFormat.GetDayName(date.DayOfWeek)} {Numeric(date)} ({rule.MoveBasis})";
                }
                break;
            case DeadlineStepType.ImplicitDecision when NonWorkingReason(date, departement, extra) is { } reason:
                text += $", {reason} : une décision implicite naît quand même ce jour-là, sans report";
                break;
        }

        return new DeadlineStep(rule.Key, rule.Label, date, rule.Type, rule.LegalBasis, text);
    }

    private static string? NonWorkingReason(DateOnly date, string? departement, List<ExtraHoliday> extra)
    {
        var holiday = FrenchHolidays.NameOf(date, departement, extra);
        var weekend = date.DayOfWeek switch
        {
            DayOfWeek.Saturday => "un samedi",
            DayOfWeek.Sunday => "un dimanche",
            _ => null,
        };
        return (weekend, holiday) switch
        {
            (null, null) => null,
            (null, _) => $"jour férié ({holiday})",
            (_, null) => weekend,
            _ => $"{weekend} et jour férié ({holiday})",
        };
    }

    /// <summary>"28/04/2025".</summary>
    public static string Numeric(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
