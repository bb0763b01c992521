using System.Net;
using System.Text.Json;

namespace Contrevue.Tests.Features.Procedures;

[Collection(AppsCollection.Name)]
public sealed class DeadlineApiTests(TestApps apps)
{
    private async Task<HttpClient> ClientAsync(DatabaseProvider provider) => (await apps.GetAsync(provider)).CreateBrowserlessClient();

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Deadlines_have_the_documented_shape(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/api/v1/deadlines?procedure=cada-request&start=2025-01-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(["procedure", "start", "steps"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cada-request", root.GetProperty("procedure").GetString());
        Assert.Equal("2025-01-31", root.GetProperty("start").GetString());
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(["key", "date", "type", "legalBasis", "explanation"], s.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("implicit-refusal", steps[0].GetProperty("key").GetString());
        Assert.Equal("2025-02-28", steps[0].GetProperty("date").GetString());
        Assert.Equal("implicit-decision", steps[0].GetProperty("type").GetString());
        Assert.Equal("CRPA art. R311-13", steps[0].GetProperty("legalBasis").GetString());
        Assert.Equal("31/01/2025 + 1 mois = 28/02/2025 (pas de 31 février : dernier jour du mois)", steps[0].GetProperty("explanation").GetString());
        Assert.Equal("cada-referral-deadline", steps[1].GetProperty("key").GetString());
        Assert.Equal("2025-04-28", steps[1].GetProperty("date").GetString());
        Assert.Equal("last-day-to-act", steps[1].GetProperty("type").GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Worked_examples_hold_through_the_api(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        Assert.Equal(["2024-05-02"], await DatesAsync(client, "procedure=decision&start=2024-03-01"));
        Assert.Equal(["2025-02-28", "2025-04-29"], await DatesAsync(client, "procedure=administrative-appeal&start=2024-12-31"));
        // Alsace-Moselle: 26/12/2025 is a holiday there, so the weekend follows.
        Assert.Equal(["2025-12-26"], await DatesAsync(client, "procedure=cada-explicit-refusal&start=2025-10-25"));
        Assert.Equal(["2025-12-29"], await DatesAsync(client, "procedure=cada-explicit-refusal&start=2025-10-25&departement=57"));
    }

    private static async Task<IReadOnlyList<string?>> DatesAsync(HttpClient client, string query)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deadlines?" + query));
        return [.. json.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("date").GetString())];
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Invalid_parameters_are_french_problem_details(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var unknownKind = await ProblemAsync(client, "procedure=divorce&start=2025-01-31", "procedure");
        Assert.Contains("Procédure inconnue « divorce »", unknownKind);
        Assert.Contains("cada-request, cada-explicit-refusal, cada-referral, administrative-appeal, decision, cnil-complaint, contravention-contest, fine-claim", unknownKind);
        Assert.Contains("AAAA-MM-JJ", await ProblemAsync(client, "procedure=decision&start=31-01-2025", "start"));
        Assert.Contains("AAAA-MM-JJ", await ProblemAsync(client, "procedure=decision&start=2025-02-30", "start"));
        Assert.Contains("comprise entre le 01/01/1990 et le 31/12/2100", await ProblemAsync(client, "procedure=decision&start=1989-12-31", "start"));
        Assert.Contains("comprise entre", await ProblemAsync(client, "procedure=decision&start=2101-01-01", "start"));
        Assert.Contains("Département inconnu « 99 »", await ProblemAsync(client, "procedure=decision&start=2025-01-31&departement=99", "departement"));
        Assert.Contains("Indiquez la procédure", await ProblemAsync(client, "start=2025-01-31", "procedure"));
    }

    private static async Task<string> ProblemAsync(HttpClient client, string query, string field)
    {
        var response = await client.GetAsync("/api/v1/deadlines?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Calcul impossible : vérifiez les paramètres indiqués.", json.RootElement.GetProperty("title").GetString());
        var errors = json.RootElement.GetProperty("errors");
        Assert.Equal([field], errors.EnumerateObject().Select(p => p.Name));
        return errors.GetProperty(field)[0].GetString()!;
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Procedures_are_listed_with_their_steps(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deadlines/procedures"));

        var kinds = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(
            ["cada-request", "cada-explicit-refusal", "cada-referral", "administrative-appeal", "decision", "cnil-complaint", "contravention-contest", "fine-claim"],
            kinds.Select(k => k.GetProperty("code").GetString()));
        var court = kinds[3].GetProperty("steps")[1];
        Assert.Equal("court-deadline", court.GetProperty("key").GetString());
        Assert.Equal("implicit-rejection", court.GetProperty("from").GetString());
        Assert.True(court.GetProperty("franc").GetBoolean());
        Assert.Equal(2, court.GetProperty("months").GetInt32());
        Assert.Equal(0, court.GetProperty("days").GetInt32());
        Assert.Equal("CPC art. 642", court.GetProperty("movedBy").GetString());
        var exemption = kinds[6].GetProperty("steps")[0];
        Assert.Equal("exemption-request-deadline", exemption.GetProperty("key").GetString());
        Assert.Equal(45, exemption.GetProperty("days").GetInt32());
        Assert.Equal(0, exemption.GetProperty("months").GetInt32());
        Assert.Equal("CPP art. 801", exemption.GetProperty("movedBy").GetString());
        var claim = kinds[7].GetProperty("steps")[0];
        Assert.Equal("claim-deadline", claim.GetProperty("key").GetString());
        Assert.Equal(3, claim.GetProperty("months").GetInt32());
        Assert.Equal("CPP art. 530 ; CPP art. 801", claim.GetProperty("legalBasis").GetString());
    }

    /// <summary>
    /// A fine contested by the person fined (issue 14): 45 days from the sending of the notice of contravention,
    /// 3 months from that of the increased fine, a last day on a Saturday, Sunday or holiday moved to the next
    /// working day by CPP art. 801 (not the CPC).
    /// </summary>
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_contests_of_a_fine_count_in_days_or_months_and_move_by_the_criminal_code(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        // 18/02/2026 + 45 days = Saturday 04/04/2026; Sunday 05/04, then Easter Monday: Tuesday 07/04.
        using (var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deadlines?procedure=contravention-contest&start=2026-02-18")))
        {
            var step = json.RootElement.GetProperty("steps")[0];
            Assert.Equal("exemption-request-deadline", step.GetProperty("key").GetString());
            Assert.Equal("2026-04-07", step.GetProperty("date").GetString());
            Assert.Equal("last-day-to-act", step.GetProperty("type").GetString());
            Assert.Equal(
                "18/02/2026 + 45 jours = 04/04/2026, un samedi, puis le 05/04/2026, un dimanche, puis le 06/04/2026, jour férié (lundi de Pâques) : reporté au mardi 07/04/2026 (CPP art. 801)",
                step.GetProperty("explanation").GetString());
        }
        // An ordinary weekday stays where it is: 02/03/2026 + 45 days = Thursday 16/04/2026.
        Assert.Equal(["2026-04-16"], await DatesAsync(client, "procedure=contravention-contest&start=2026-03-02"));

        // 30/11/2026 + 3 months: no 30 February, so 28/02/2027, a Sunday: Monday 01/03/2027.
        using (var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/deadlines?procedure=fine-claim&start=2026-11-30")))
        {
            var step = json.RootElement.GetProperty("steps")[0];
            Assert.Equal("claim-deadline", step.GetProperty("key").GetString());
            Assert.Equal("2027-03-01", step.GetProperty("date").GetString());
            Assert.Equal(
                "30/11/2026 + 3 mois = 28/02/2027 (pas de 30 février : dernier jour du mois), un dimanche : reporté au lundi 01/03/2027 (CPP art. 801)",
                step.GetProperty("explanation").GetString());
        }

        var page = HtmlText.Visible(await client.GetStringAsync("/delais?procedure=fine-claim&start=2026-11-30"));
        Assert.Contains("Réclamation contre une amende forfaitaire majorée", page);
        Assert.Contains("lundi 1er mars 2027", page);
        Assert.Contains("CPP art. 801", page);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Calculator_page_shows_the_steps_in_long_french_dates(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var response = await client.GetAsync("/delais?procedure=cada-request&start=2025-01-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = HtmlText.Visible(await response.Content.ReadAsStringAsync());
        Assert.Contains("vendredi 28 février 2025", text);
        Assert.Contains("lundi 28 avril 2025", text);
        Assert.Contains("31/01/2025 + 1 mois = 28/02/2025 (pas de 31 février : dernier jour du mois)", text);
        Assert.Contains("Refus implicite de communication", text);
        Assert.Contains("CRPA art. R311-13", text);
        Assert.Contains("pas un conseil juridique", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Calculator_page_without_query_is_an_empty_form_and_reports_bad_values_in_french(DatabaseProvider provider)
    {
        var client = await ClientAsync(provider);

        var empty = HtmlText.Visible(await client.GetStringAsync("/delais"));
        Assert.Contains("Calculateur de délais", empty);
        Assert.DoesNotContain("Procédure inconnue", empty);
        Assert.DoesNotContain("Indiquez la date de départ", empty);

        var response = await client.GetAsync("/delais?procedure=decision&start=2025-02-30&departement=99");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = HtmlText.Visible(await response.Content.ReadAsStringAsync());
        Assert.Contains("Date de départ invalide « 2025-02-30 »", text);
        Assert.Contains("Département inconnu « 99 »", text);

        var home = await client.GetStringAsync("/");
        Assert.Contains("href=\"/delais\"", home);
    }
}
