using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Contrevue.Features.Campaigns;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Digest;
using Contrevue.Features.Territories;
using Contrevue.Features.Veille.Digest;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Time;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Veille;

/// <summary>The weekly digest gathers the week's articles, new dossiers, campaign answers and the events to come, in French Markdown.</summary>
[Collection(AppsCollection.Name)]
public sealed class WeeklyDigestTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_digest_of_the_week_has_each_section_in_french_for_organisers_to_edit(DatabaseProvider provider)
    {
        // A database of its own: each section lists at most 30 lines, and the other tests fill this week with
        // dossiers, answers and events of their own.
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" });
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var word = VeilleWorld.Word("Lettre");
        var today = ParisCalendar.Today(TimeProvider.System);
        var monday = WeeklyDigest.MondayOfWeekOf(today);

        var article = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word, publishedOn: today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        var meetingDay = monday.AddDays(9);
        var meeting = await member.Api.PostAsJsonAsync("/api/v1/events", new
        {
            title = $"Réunion publique {word}",
            kind = "information-meeting",
            collective = member.CollectiveId,
            start = meetingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T18:30",
            end = meetingDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T20:00",
            place = new { address = "Bourse du travail", territory = "42218" },
        });
        Assert.Equal(HttpStatusCode.Created, meeting.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            db.Add(new Dossier
            {
                Slug = "dossier-lettre", Title = $"Hyperviseur de la ville {word}", AuthorityName = "Commune d'Ambérieu-en-Bugey",
                TerritoryKind = TerritoryKind.Commune, TerritoryCode = "01004", CreatedAt = now, UpdatedAt = now,
            });
            var campaign = await db.Set<Campaign>().SingleAsync(c => c.Slug == CampaignSeed.PasDeVsaSlug);
            db.Add(new CampaignResponse
            {
                CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "01004", RespondedOn = today,
                Kind = ResponseKind.Committed, ReportedBy = "Collectif " + word, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var response = await member.Browser.Client.GetAsync("/veille/lettre-hebdomadaire");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var start = html.IndexOf("<textarea", StringComparison.Ordinal);
        var markdown = html[html.IndexOf('>', start)..html.IndexOf("</textarea>", start, StringComparison.Ordinal)];

        Assert.Contains($"# Lettre hebdomadaire — semaine du {FrenchDates.Format(monday)} au {FrenchDates.Format(monday.AddDays(6))}", markdown);
        Assert.Contains("## Dans la presse cette semaine", markdown);
        Assert.Contains($"contestées {word}]({article.GetProperty("url").GetString()})", markdown);
        Assert.Contains($"*Le Progrès*, {FrenchDates.Format(today)}", markdown);
        Assert.Contains("## Nouveaux dossiers de l'observatoire", markdown);
        Assert.Contains($"[Hyperviseur de la ville {word}](https://contrevue.example/observatoire/dossiers/", markdown);
        Assert.Contains("## Réponses des collectivités", markdown);
        Assert.Contains("Ambérieu-en-Bugey : engagement (réponse du " + FrenchDates.Format(today) + ")", markdown);
        Assert.Contains("## Prochains rendez-vous", markdown);
        Assert.Contains($"{FrenchDates.WithDayName(meetingDay, CultureInfo.GetCultureInfo("fr-FR"))} à 18 h 30 : [Réunion publique {word}](https://contrevue.example/agenda/", markdown);
        Assert.True(markdown.IndexOf("## Dans la presse", StringComparison.Ordinal) < markdown.IndexOf("## Prochains rendez-vous", StringComparison.Ordinal));

        // Another week, chosen: not this week's article.
        var lastWeek = WebUtility.HtmlDecode(await member.Browser.Client.GetStringAsync("/veille/lettre-hebdomadaire?semaine=" + WeeklyDigest.IsoWeekOf(monday.AddDays(-7))));
        Assert.Contains($"semaine du {FrenchDates.Format(monday.AddDays(-7))}", lastWeek);
        Assert.DoesNotContain($"contestées {word}", lastWeek);
        Assert.Equal(HttpStatusCode.BadRequest, (await member.Browser.Client.GetAsync("/veille/lettre-hebdomadaire?semaine=2026-W99")).StatusCode);

        // For organisers and moderators only.
        var anonymous = await app.CreateBrowserlessClient().GetAsync("/veille/lettre-hebdomadaire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        Assert.Contains("## Dans la presse cette semaine", WebUtility.HtmlDecode(await moderator.Client.GetStringAsync("/veille/lettre-hebdomadaire")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_busy_week_lists_its_newest_dossiers_and_counts_the_others(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" }, ownsDatabase: false);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        // A week of long ago that no other test writes in.
        var monday = new DateOnly(2019, 3, 4);
        var word = VeilleWorld.Word("Semaine");
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            for (var i = 0; i < DossierDigest.MaxListed + 2; i++)
            {
                var created = monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddHours(i);
                db.Add(new Dossier
                {
                    Slug = $"semaine-{word.ToLowerInvariant()}-{i}", Title = $"Dossier {i:00} {word}", AuthorityName = "Commune de Saint-Étienne",
                    TerritoryKind = TerritoryKind.Commune, TerritoryCode = "42218", CreatedAt = created, UpdatedAt = created,
                });
            }
            await db.SaveChangesAsync();
        }

        var html = WebUtility.HtmlDecode(await member.Browser.Client.GetStringAsync("/veille/lettre-hebdomadaire?semaine=" + WeeklyDigest.IsoWeekOf(monday)));

        // The newest first, the two oldest counted rather than dropped.
        Assert.Contains($"Dossier {DossierDigest.MaxListed + 1:00} {word}", html);
        Assert.DoesNotContain($"Dossier 01 {word}", html);
        Assert.DoesNotContain($"Dossier 00 {word}", html);
        Assert.True(html.IndexOf($"Dossier {DossierDigest.MaxListed + 1:00} {word}", StringComparison.Ordinal) < html.IndexOf($"Dossier 02 {word}", StringComparison.Ordinal));
        Assert.Contains("- Et 2 autres, dans [l'observatoire](https://contrevue.example/observatoire)", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_busy_week_lists_its_newest_articles_and_answers_and_counts_the_others(DatabaseProvider provider)
    {
        // A database of its own: the other tests' answers and articles would count too.
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" });
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var monday = new DateOnly(2019, 3, 4);
        var word = VeilleWorld.Word("Chargee");
        var answerDay = (int i) => new DateOnly(2019, 1, 1).AddDays(i);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var campaign = await db.Set<Campaign>().SingleAsync(c => c.Slug == CampaignSeed.PasDeVsaSlug);
            for (var i = 0; i < 32; i++)
            {
                db.Add(new CampaignResponse
                {
                    CampaignId = campaign.Id, TerritoryKind = TerritoryKind.Commune, TerritoryCode = "01004", RespondedOn = answerDay(i),
                    Kind = ResponseKind.Committed, ReportedBy = "Collectif " + word, CreatedAt = monday.ToDateTime(new TimeOnly(9, 0), DateTimeKind.Utc).AddHours(i),
                });
            }
            await db.SaveChangesAsync();
        }
        for (var i = 0; i < 33; i++)
        {
            // Published on the Monday (0) to the Sunday (32): the newest are the last.
            var day = monday.AddDays(i * 7 / 33);
            await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article($"{word} n{i:00}", publishedOn: day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), tags: ["vsa"]));
        }

        var html = WebUtility.HtmlDecode(await member.Browser.Client.GetStringAsync("/veille/lettre-hebdomadaire?semaine=" + WeeklyDigest.IsoWeekOf(monday)));

        // The 30 newest answers, newest first; the two oldest counted, not dropped without a word.
        Assert.Contains("(réponse du " + FrenchDates.Format(answerDay(31)) + ")", html);
        Assert.Contains("(réponse du " + FrenchDates.Format(answerDay(2)) + ")", html);
        Assert.DoesNotContain("(réponse du " + FrenchDates.Format(answerDay(1)) + ")", html);
        Assert.DoesNotContain("(réponse du " + FrenchDates.Format(answerDay(0)) + ")", html);
        Assert.True(html.IndexOf(FrenchDates.Format(answerDay(31)), StringComparison.Ordinal) < html.IndexOf(FrenchDates.Format(answerDay(2)), StringComparison.Ordinal));
        Assert.Contains("- Et 2 autres, sur [les pages des campagnes](https://contrevue.example/campagnes)", html);
        // The articles alike: 30 of 33 listed, the three oldest counted, with a link to the week in the news watch.
        Assert.Contains($"{word} n32", html);
        Assert.DoesNotContain($"{word} n00", html);
        Assert.Equal(30, System.Text.RegularExpressions.Regex.Count(html, $"{word} n[0-9][0-9]"));
        Assert.Contains("- Et 3 autres, dans [la veille](https://contrevue.example/veille?du=2019-03-04&au=2019-03-10)", html);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Busy_weeks_ahead_list_the_nearest_events_and_count_the_others(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), new Dictionary<string, string> { ["Site:PublicUrl"] = "https://contrevue.example" });
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var word = VeilleWorld.Word("Agenda");
        var nextMonday = WeeklyDigest.MondayOfWeekOf(ParisCalendar.Today(TimeProvider.System)).AddDays(7);
        for (var i = 0; i < 32; i++)
        {
            // Three a day from next Monday, the nearest first: the two farthest are counted.
            var day = nextMonday.AddDays(i / 3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var created = await member.Api.PostAsJsonAsync("/api/v1/events", new
            {
                title = $"Rendez-vous {i:00} {word}",
                kind = "information-meeting",
                collective = member.CollectiveId,
                start = $"{day}T{9 + (i % 3):00}:00",
                end = $"{day}T{9 + (i % 3):00}:45",
                place = new { address = "Bourse du travail", territory = "42218" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var html = WebUtility.HtmlDecode(await member.Browser.Client.GetStringAsync("/veille/lettre-hebdomadaire"));

        Assert.Contains($"Rendez-vous 00 {word}", html);
        Assert.Contains($"Rendez-vous 29 {word}", html);
        Assert.DoesNotContain($"Rendez-vous 30 {word}", html);
        Assert.DoesNotContain($"Rendez-vous 31 {word}", html);
        Assert.Contains("- Et 2 autres, dans [l'agenda](https://contrevue.example/agenda)", html);
    }

    [Theory]
    [InlineData("2026-W49", "2026-11-30")]
    [InlineData("2027-W01", "2027-01-04")]
    [InlineData("2026-W53", "2026-12-28")]
    [InlineData("2027-W53", null)]
    [InlineData("2026-49", null)]
    [InlineData("", null)]
    public void Iso_weeks_name_their_monday(string week, string? monday) =>
        Assert.Equal(monday is null ? (DateOnly?)null : DateOnly.Parse(monday, CultureInfo.InvariantCulture), WeeklyDigest.MondayOf(week));
}
