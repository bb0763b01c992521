using Contrevue.Features.Procedures.Deadlines;

namespace Contrevue.Tests.Features.Procedures;

public sealed class DeadlineCalculatorTests
{
    private static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static DeadlineStep Step(string procedure, string start, string key, string? departement = null, IEnumerable<ExtraHoliday>? extra = null) =>
        DeadlineCalculator.Compute(procedure, D(start), departement, extra).Single(s => s.Key == key);

    // The worked examples of the issue.

    [Fact]
    public void Cada_request_of_31_january_2025()
    {
        var steps = DeadlineCalculator.Compute("cada-request", D("2025-01-31"));

        Assert.Equal(["implicit-refusal", "cada-referral-deadline"], steps.Select(s => s.Key));
        Assert.Equal(D("2025-02-28"), steps[0].Date);
        Assert.Equal(DeadlineStepType.ImplicitDecision, steps[0].Type);
        Assert.Equal("31/01/2025 + 1 mois = 28/02/2025 (pas de 31 février : dernier jour du mois)", steps[0].Explanation);
        Assert.Equal("CRPA art. R311-13", steps[0].LegalBasis);
        Assert.Equal(D("2025-04-28"), steps[1].Date);
        Assert.Equal(DeadlineStepType.LastDayToAct, steps[1].Type);
        Assert.Equal("28/02/2025 + 2 mois = 28/04/2025", steps[1].Explanation);
        Assert.Contains("R343-1", steps[1].LegalBasis);
    }

    [Fact]
    public void Decision_of_1_march_2024()
    {
        var step = Assert.Single(DeadlineCalculator.Compute("decision", D("2024-03-01")));

        Assert.Equal("appeal-deadline", step.Key);
        Assert.Equal(D("2024-05-02"), step.Date);
        Assert.Equal("01/03/2024 + 2 mois = 01/05/2024 ; délai franc : le lendemain, 02/05/2024", step.Explanation);
        Assert.Contains("CJA art. R421-1", step.LegalBasis);
    }

    [Fact]
    public void Administrative_appeal_of_31_december_2024()
    {
        var steps = DeadlineCalculator.Compute("administrative-appeal", D("2024-12-31"));

        Assert.Equal(["implicit-rejection", "court-deadline"], steps.Select(s => s.Key));
        Assert.Equal(D("2025-02-28"), steps[0].Date);
        Assert.Equal(D("2025-04-29"), steps[1].Date);
        Assert.Equal("28/02/2025 + 2 mois = 28/04/2025 ; délai franc : le lendemain, 29/04/2025", steps[1].Explanation);
    }

    [Fact]
    public void Cada_referral_chains_the_court_deadline_on_the_implicit_confirmation()
    {
        var steps = DeadlineCalculator.Compute("cada-referral", D("2025-01-15"));

        Assert.Equal(["cada-opinion-expected", "implicit-confirmation", "court-deadline"], steps.Select(s => s.Key));
        Assert.Equal([D("2025-02-15"), D("2025-03-15"), D("2025-05-16")], steps.Select(s => s.Date));
        Assert.Equal([DeadlineStepType.Expected, DeadlineStepType.ImplicitDecision, DeadlineStepType.LastDayToAct], steps.Select(s => s.Type));
    }

    [Fact]
    public void Explicit_refusal_and_cnil_complaint_have_one_step_each()
    {
        Assert.Equal(D("2025-03-14"), Step("cada-explicit-refusal", "2025-01-14", "cada-referral-deadline").Date);
        Assert.Equal(D("2025-04-14"), Step("cnil-complaint", "2025-01-14", "cnil-answer-expected").Date);
    }

    // Month arithmetic (CPC art. 641).

    [Theory]
    [InlineData("2025-01-31", 1, "2025-02-28")]
    [InlineData("2025-03-31", 1, "2025-04-30")]
    [InlineData("2024-11-30", 3, "2025-02-28")]
    [InlineData("2023-11-30", 3, "2024-02-29")]
    [InlineData("2025-01-15", 1, "2025-02-15")]
    [InlineData("2025-12-31", 2, "2026-02-28")]
    [InlineData("2025-11-30", 2, "2026-01-30")]
    public void Month_arithmetic_keeps_the_day_number_or_takes_the_last_day_of_the_month(string from, int months, string expected)
    {
        Assert.Equal(D(expected), DeadlineCalculator.AddMonths(D(from), months));
    }

    [Fact]
    public void Month_end_is_explained()
    {
        var step = Step("cada-request", "2025-03-31", "implicit-refusal");

        Assert.Equal(D("2025-04-30"), step.Date);
        Assert.Equal("31/03/2025 + 1 mois = 30/04/2025 (pas de 31 avril : dernier jour du mois)", step.Explanation);
    }

    [Fact]
    public void Thirty_november_plus_three_months_is_the_end_of_february()
    {
        Assert.Equal(D("2025-02-28"), Step("cnil-complaint", "2024-11-30", "cnil-answer-expected").Date);
        Assert.Equal(D("2024-02-29"), Step("cnil-complaint", "2023-11-30", "cnil-answer-expected").Date);
    }

    // Leap years.

    [Fact]
    public void Leap_year_february_has_a_29th()
    {
        var step = Step("administrative-appeal", "2023-12-31", "implicit-rejection");

        Assert.Equal(D("2024-02-29"), step.Date);
        Assert.Equal("31/12/2023 + 2 mois = 29/02/2024 (pas de 31 février : dernier jour du mois)", step.Explanation);
    }

    [Fact]
    public void Common_year_february_ends_on_the_28th()
    {
        Assert.Equal(D("2025-02-28"), Step("administrative-appeal", "2024-12-31", "implicit-rejection").Date);
        Assert.Equal(D("2025-02-28"), DeadlineCalculator.AddMonths(D("2024-02-29"), 12));
        Assert.Equal(D("2028-02-29"), DeadlineCalculator.AddMonths(D("2024-02-29"), 48));
    }

    [Fact]
    public void Leap_day_itself_plus_months()
    {
        // 29/02/2024 + 2 months = 29/04/2024, a Monday: no move.
        Assert.Equal(D("2024-04-29"), Step("cada-explicit-refusal", "2024-02-29", "cada-referral-deadline").Date);
    }

    // Weekends (CPC art. 642).

    [Fact]
    public void Last_day_to_act_on_a_saturday_moves_to_monday()
    {
        var step = Step("cada-explicit-refusal", "2025-02-26", "cada-referral-deadline");

        Assert.Equal(D("2025-04-28"), step.Date);
        Assert.Equal("26/02/2025 + 2 mois = 26/04/2025, un samedi, puis le 27/04/2025, un dimanche : reporté au lundi 28/04/2025 (CPC art. 642)", step.Explanation);
    }

    [Fact]
    public void Last_day_to_act_on_a_sunday_moves_to_monday()
    {
        var step = Step("cada-explicit-refusal", "2025-02-27", "cada-referral-deadline");

        Assert.Equal(D("2025-04-28"), step.Date);
        Assert.Equal("27/02/2025 + 2 mois = 27/04/2025, un dimanche : reporté au lundi 28/04/2025 (CPC art. 642)", step.Explanation);
    }

    [Fact]
    public void Implicit_decisions_never_move_even_on_a_sunday()
    {
        var steps = DeadlineCalculator.Compute("cada-request", D("2025-03-27"));

        Assert.Equal(DayOfWeek.Sunday, steps[0].Date.DayOfWeek);
        Assert.Equal(D("2025-04-27"), steps[0].Date);
        Assert.Contains("un dimanche", steps[0].Explanation);
        Assert.Contains("sans report", steps[0].Explanation);
        // The referral deadline counts from the Sunday itself.
        Assert.Equal(D("2025-06-27"), steps[1].Date);
    }

    [Fact]
    public void Implicit_decisions_never_move_on_a_holiday()
    {
        var step = Step("administrative-appeal", "2025-05-14", "implicit-rejection");

        Assert.Equal(D("2025-07-14"), step.Date);
        Assert.Contains("fête nationale", step.Explanation);
    }

    [Fact]
    public void Expected_dates_never_move()
    {
        Assert.Equal(D("2025-04-26"), Step("cnil-complaint", "2025-01-26", "cnil-answer-expected").Date);
        Assert.Equal(D("2025-05-01"), Step("cada-referral", "2025-04-01", "cada-opinion-expected").Date);
    }

    // National holidays.

    [Theory]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2100, "2100-03-28")]
    public void Easter_sunday(int year, string expected)
    {
        Assert.Equal(D(expected), FrenchHolidays.EasterSunday(year));
    }

    [Fact]
    public void National_holidays_of_2025()
    {
        Assert.Equal(
            [
                D("2025-01-01"), D("2025-04-21"), D("2025-05-01"), D("2025-05-08"), D("2025-05-29"), D("2025-06-09"),
                D("2025-07-14"), D("2025-08-15"), D("2025-11-01"), D("2025-11-11"), D("2025-12-25"),
            ],
            FrenchHolidays.National(2025).Select(h => h.Date));
        Assert.Equal("lundi de Pâques", FrenchHolidays.NameOf(D("2025-04-21"), null));
        Assert.Equal("Ascension", FrenchHolidays.NameOf(D("2025-05-29"), null));
        Assert.Equal("lundi de Pentecôte", FrenchHolidays.NameOf(D("2025-06-09"), null));
        Assert.Null(FrenchHolidays.NameOf(D("2025-04-18"), null));
        Assert.Null(FrenchHolidays.NameOf(D("2025-12-26"), null));
    }

    [Theory]
    [InlineData("2025-01-01", "2025-01-02", "jour de l'An")]
    [InlineData("2025-04-21", "2025-04-22", "lundi de Pâques")]
    [InlineData("2025-05-01", "2025-05-02", "fête du Travail")]
    [InlineData("2025-05-08", "2025-05-09", "Victoire 1945")]
    [InlineData("2025-05-29", "2025-05-30", "Ascension")]
    [InlineData("2025-06-09", "2025-06-10", "lundi de Pentecôte")]
    [InlineData("2025-07-14", "2025-07-15", "fête nationale")]
    [InlineData("2025-08-15", "2025-08-18", "Assomption")]
    [InlineData("2025-11-01", "2025-11-03", "Toussaint")]
    [InlineData("2025-11-11", "2025-11-12", "Armistice 1918")]
    [InlineData("2025-12-25", "2025-12-26", "Noël")]
    public void Last_day_to_act_on_each_national_holiday_moves_to_the_next_working_day(string holiday, string expected, string name)
    {
        var start = D(holiday).AddMonths(-2);

        var step = Step("cada-explicit-refusal", start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "cada-referral-deadline");

        Assert.Equal(D(expected), step.Date);
        Assert.Contains(name, step.Explanation);
        Assert.EndsWith($"{DeadlineCalculator.Numeric(D(expected))} (CPC art. 642)", step.Explanation);
    }

    [Fact]
    public void Christmas_on_a_friday_then_the_weekend_moves_to_monday_28()
    {
        var step = Step("cada-explicit-refusal", "2026-10-25", "cada-referral-deadline");

        Assert.Equal(D("2026-12-28"), step.Date);
        Assert.Equal(
            "25/10/2026 + 2 mois = 25/12/2026, jour férié (Noël), puis le 26/12/2026, un samedi, puis le 27/12/2026, un dimanche : reporté au lundi 28/12/2026 (CPC art. 642)",
            step.Explanation);
    }

    [Fact]
    public void Holiday_on_a_sunday_is_named_too()
    {
        // 01/11/2026 is a Sunday and Toussaint.
        var step = Step("cada-explicit-refusal", "2026-09-01", "cada-referral-deadline");

        Assert.Equal(D("2026-11-02"), step.Date);
        Assert.Contains("un dimanche et jour férié (Toussaint)", step.Explanation);
    }

    // Alsace-Moselle.

    [Theory]
    [InlineData("57", "2025-12-29")]
    [InlineData("67", "2025-12-29")]
    [InlineData("68", "2025-12-29")]
    [InlineData("42", "2025-12-26")]
    [InlineData("2A", "2025-12-26")]
    [InlineData(null, "2025-12-26")]
    public void Saint_stephen_is_a_holiday_only_in_alsace_moselle(string? departement, string expected)
    {
        // 25/12/2025 is a Thursday: the 26th, a Friday, is a working day except in Alsace-Moselle.
        var step = Step("cada-explicit-refusal", "2025-10-25", "cada-referral-deadline", departement);

        Assert.Equal(D(expected), step.Date);
    }

    [Fact]
    public void Alsace_moselle_chain_names_saint_stephen()
    {
        var step = Step("cada-explicit-refusal", "2025-10-25", "cada-referral-deadline", "67");

        Assert.Equal(
            "25/10/2025 + 2 mois = 25/12/2025, jour férié (Noël), puis le 26/12/2025, jour férié (Saint-Étienne), puis le 27/12/2025, un samedi, puis le 28/12/2025, un dimanche : reporté au lundi 29/12/2025 (CPC art. 642)",
            step.Explanation);
    }

    [Theory]
    [InlineData("57", "2025-04-22")]
    [InlineData("67", "2025-04-22")]
    [InlineData("68", "2025-04-22")]
    [InlineData("54", "2025-04-18")]
    [InlineData("75", "2025-04-18")]
    [InlineData(null, "2025-04-18")]
    public void Good_friday_is_a_holiday_only_in_alsace_moselle(string? departement, string expected)
    {
        // Good Friday 2025 is 18 April; Easter Monday 21 April is national.
        var step = Step("cada-explicit-refusal", "2025-02-18", "cada-referral-deadline", departement);

        Assert.Equal(D(expected), step.Date);
    }

    [Fact]
    public void Alsace_moselle_holidays_of_2024()
    {
        var days = FrenchHolidays.Of(2024, "57").Select(h => h.Date).ToList();

        Assert.Equal(13, days.Count);
        Assert.Contains(D("2024-03-29"), days);
        Assert.Contains(D("2024-12-26"), days);
        Assert.Equal(11, FrenchHolidays.Of(2024, "13").Count);
    }

    // Délai franc.

    [Fact]
    public void Franc_ends_the_day_after_the_same_numbered_day()
    {
        // 14/04/2025 is a Monday.
        Assert.Equal(D("2025-04-15"), Step("decision", "2025-02-14", "appeal-deadline").Date);
        Assert.Equal(D("2025-04-14"), Step("cada-explicit-refusal", "2025-02-14", "cada-referral-deadline").Date);
    }

    [Fact]
    public void Franc_day_on_a_saturday_then_moves_to_monday()
    {
        var franc = Step("decision", "2025-02-25", "appeal-deadline");
        var notFranc = Step("cada-explicit-refusal", "2025-02-25", "cada-referral-deadline");

        Assert.Equal(D("2025-04-28"), franc.Date);
        Assert.Equal(
            "25/02/2025 + 2 mois = 25/04/2025 ; délai franc : le lendemain, 26/04/2025, un samedi, puis le 27/04/2025, un dimanche : reporté au lundi 28/04/2025 (CPC art. 642)",
            franc.Explanation);
        Assert.Equal(D("2025-04-25"), notFranc.Date);
    }

    [Fact]
    public void Franc_from_a_month_end()
    {
        // 31/12/2024 + 2 months = 28/02/2025, franc 01/03/2025 (Saturday) → Monday 03/03/2025.
        Assert.Equal(D("2025-03-03"), Step("decision", "2024-12-31", "appeal-deadline").Date);
        Assert.Equal(D("2025-02-28"), Step("cada-explicit-refusal", "2024-12-31", "cada-referral-deadline").Date);
    }

    [Fact]
    public void Cada_referral_deadline_is_not_franc_but_the_court_deadline_is()
    {
        Assert.DoesNotContain(DeadlineRules.Rules, r => r.Key == "cada-referral-deadline" && r.Franc);
        Assert.All(DeadlineRules.Rules.Where(r => r.Key is "court-deadline" or "appeal-deadline"), r => Assert.True(r.Franc));
    }

    // Administrators' holidays.

    [Fact]
    public void An_extra_national_holiday_moves_a_last_day_to_act()
    {
        ExtraHoliday[] extra = [new(D("2025-04-14"), "jour de deuil national")];

        var step = Step("cada-explicit-refusal", "2025-02-14", "cada-referral-deadline", extra: extra);

        Assert.Equal(D("2025-04-15"), step.Date);
        Assert.Contains("jour de deuil national", step.Explanation);
    }

    [Fact]
    public void An_extra_local_holiday_applies_only_in_its_departement()
    {
        ExtraHoliday[] extra = [new(D("2025-04-14"), "fête locale", "974")];

        Assert.Equal(D("2025-04-15"), Step("cada-explicit-refusal", "2025-02-14", "cada-referral-deadline", "974", extra).Date);
        Assert.Equal(D("2025-04-14"), Step("cada-explicit-refusal", "2025-02-14", "cada-referral-deadline", "42", extra).Date);
        Assert.Equal(D("2025-04-14"), Step("cada-explicit-refusal", "2025-02-14", "cada-referral-deadline", null, extra).Date);
    }

    // The rules table and the query.

    [Fact]
    public void Every_rule_chains_on_an_earlier_step_of_its_procedure()
    {
        foreach (var procedure in DeadlineRules.Procedures)
        {
            var steps = DeadlineRules.StepsOf(procedure.Code).ToList();
            Assert.NotEmpty(steps);
            Assert.Equal(steps.Count, steps.Select(s => s.Key).Distinct().Count());
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i].From is { } from)
                {
                    Assert.Contains(from, steps.Take(i).Select(s => s.Key));
                }
                Assert.False(string.IsNullOrWhiteSpace(steps[i].LegalBasis));
            }
        }
        Assert.All(DeadlineRules.Rules, r => Assert.NotNull(DeadlineRules.FindProcedure(r.Procedure)));
    }

    [Fact]
    public void Unknown_procedure_throws()
    {
        Assert.Throws<ArgumentException>(() => DeadlineCalculator.Compute("divorce", D("2025-01-01")));
    }

    [Theory]
    [InlineData("divorce", "2025-01-31", null, "procedure")]
    [InlineData(null, "2025-01-31", null, "procedure")]
    [InlineData("decision", "2025-02-30", null, "start")]
    [InlineData("decision", "31/01/2025", null, "start")]
    [InlineData("decision", "1989-12-31", null, "start")]
    [InlineData("decision", "2101-01-01", null, "start")]
    [InlineData("decision", null, null, "start")]
    [InlineData("decision", "2025-01-31", "20", "departement")]
    [InlineData("decision", "2025-01-31", "99", "departement")]
    [InlineData("decision", "2025-01-31", "975", "departement")]
    public void Invalid_query_values_are_reported_by_name(string? procedure, string? start, string? departement, string key)
    {
        var (query, errors) = DeadlineQuery.Parse(procedure, start, departement, FrenchText.Instance);

        Assert.Null(query);
        Assert.Equal([key], errors.Keys);
    }

    [Theory]
    [InlineData("2a", "2A")]
    [InlineData(" 67 ", "67")]
    [InlineData("974", "974")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Departement_codes_are_normalised(string? given, string? expected)
    {
        var (query, errors) = DeadlineQuery.Parse("decision", "1990-01-01", given, FrenchText.Instance);

        Assert.Empty(errors);
        Assert.Equal(expected, query?.Departement);
    }
}
