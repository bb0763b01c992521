using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Infrastructure.Security;
using Contrevue.Features.Events;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

/// <summary>Anyone proposes an event at /agenda/proposer; it shows nowhere public until a moderator accepts it.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class EventProposalTests(TestApps apps)
{
    private const string Secret = "visio-proposee-93b1";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposed_event_is_public_nowhere_until_a_moderator_accepts_it(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var anonymous = app.CreateBrowserlessClient();
        var word = $"Propose{Guid.NewGuid():N}"[..16];
        var email = $"proposition-{Guid.NewGuid():N}@example.org";
        var (from, to) = Window();
        var publicReads = new[]
        {
            $"/api/v1/events?from={from}&to={to}", "/agenda", $"/agenda?vue=mois&mois={Start()[..7]}", "/agenda.ics", "/agenda/departements/42.ics",
            "/communes/42218-saint-etienne",
        };
        // Read (and cached) before: the acceptance must evict them.
        foreach (var read in publicReads)
        {
            Assert.DoesNotContain(word, await anonymous.GetStringAsync(read));
        }

        var sent = await ProposeAsync(app, word, email);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal("/proposer/merci?statut=awaiting-confirmation", sent.Headers.Location!.OriginalString);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);

        foreach (var read in publicReads)
        {
            Assert.DoesNotContain(word, await anonymous.GetStringAsync(read));
        }
        Assert.False(await EventExistsAsync(app, word));

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/rendez-vous/{proposalId}";
        Assert.Contains(reviewPath, await moderator.Client.GetStringAsync("/moderation"));
        var review = HtmlText.Visible(await moderator.Client.GetStringAsync(reviewPath));
        Assert.Contains(word, review);
        Assert.Contains("Collectif Stop VSA Loire", review);
        Assert.Contains(Secret, review);

        var approved = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string>(), $"{reviewPath}?handler=Approve");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        foreach (var read in publicReads)
        {
            var body = await anonymous.GetStringAsync(read);
            Assert.Contains(word, body);
            Assert.DoesNotContain(Secret, body);
        }
        using var list = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/events?from={from}&to={to}"));
        var item = list.RootElement.GetProperty("items").EnumerateArray().First(i => i.GetProperty("title").GetString()!.Contains(word, StringComparison.Ordinal));
        var page = await anonymous.GetStringAsync(item.GetProperty("url").GetString());
        Assert.Contains("Collectif Stop VSA Loire", HtmlText.Visible(page));
        Assert.DoesNotContain(Secret, page);
        var document = await anonymous.GetStringAsync($"/api/v1/events/{item.GetProperty("id").GetInt32()}");
        Assert.Contains("\"organisedBy\":\"Collectif Stop VSA Loire\"", document);
        Assert.DoesNotContain(Secret, document);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_refused_proposal_never_becomes_an_event(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = $"Refuse{Guid.NewGuid():N}"[..16];
        var email = $"refus-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Redirect, (await ProposeAsync(app, word, email)).StatusCode);
        var proposalId = await ProposalIdAsync(app, word);
        await ConfirmAsync(app, email);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var reviewPath = $"/moderation/rendez-vous/{proposalId}";

        var refused = await moderator.SubmitAsync(reviewPath, new Dictionary<string, string> { ["Reason"] = "Sans lien avec la campagne." }, $"{reviewPath}?handler=Reject");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.False(await EventExistsAsync(app, word));
        var (from, to) = Window();
        Assert.DoesNotContain(word, await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/events?from={from}&to={to}"));
        Assert.DoesNotContain(reviewPath, await moderator.Client.GetStringAsync("/moderation"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var decided = await db.Set<Proposal>().SingleAsync(p => p.Id == proposalId);
        Assert.Equal(ProposalStatus.Rejected, decided.Status);
        // Of the refused event only its title and kind stay with the decision: not its place, text or link.
        Assert.Contains(word, decided.Data);
        Assert.DoesNotContain(Secret, decided.Data);
        Assert.DoesNotContain("Bourse du travail", decided.Data);
        // The outcome goes to the proposer, whose address is then erased as every contributor's.
        Assert.Contains(await db.OutboxMessages.Where(m => m.Recipient == email).Select(m => m.TextBody).ToListAsync(), b => b.Contains("Sans lien avec la campagne.", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_proposal_is_checked_as_an_event_and_refused_in_French(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = $"Invalide{Guid.NewGuid():N}"[..16];

        var wrong = await ProposeAsync(app, word, "", new()
        {
            ["Form.End"] = Start().Replace("T19:00", "T18:00", StringComparison.Ordinal),
            ["Form.Recurrence"] = "FREQ=SECONDLY",
            ["Form.Capacity"] = "0",
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var text = HtmlText.Visible(await wrong.Content.ReadAsStringAsync());
        Assert.Contains("La fin doit venir après le début.", text);
        Assert.Contains("Seules les récurrences hebdomadaires (FREQ=WEEKLY) ou mensuelles (FREQ=MONTHLY) sont acceptées.", text);
        Assert.Contains("La jauge, quand elle est donnée, va de 1 à 100000 personnes.", text);
        Assert.Contains("Indiquez votre adresse e-mail", text);

        var unknownCommune = await ProposeAsync(app, word, "a@example.org", new() { ["Form.Commune"] = "99999" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownCommune.StatusCode);
        Assert.Contains("Aucune commune n'a le code « 99999 »", HtmlText.Visible(await unknownCommune.Content.ReadAsStringAsync()));

        var longDescription = await ProposeAsync(app, word, "a@example.org", new() { ["Form.Description"] = new string('a', Event.MaxDescriptionLength + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, longDescription.StatusCode);
        Assert.Contains("La description tient en 20 000 caractères au plus.", HtmlText.Visible(await longDescription.Content.ReadAsStringAsync()));

        var tooLarge = await ProposeAsync(app, word, "a@example.org", new() { ["Form.Description"] = new string('a', 70_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var notACouncil = await ProposeAsync(app, word, "a@example.org", new() { ["Form.Dossier"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, notACouncil.StatusCode);
        Assert.Contains("Seule une séance du conseil", HtmlText.Visible(await notACouncil.Content.ReadAsStringAsync()));

        Assert.False(await ProposalExistsAsync(app, word));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_filled_honeypot_is_answered_as_a_success_and_stores_nothing(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = $"Robot{Guid.NewGuid():N}"[..16];

        var sent = await ProposeAsync(app, word, "robot@example.org", new() { [Contrevue.Infrastructure.Abuse.AbuseCheck.HoneypotField] = "https://spam.example" });

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.False(await ProposalExistsAsync(app, word));
    }

    /// <summary>An app whose rate limit leaves room for a test's several forms from one client.</summary>
    private async Task<AppFactory> NewAppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "100" }, ownsDatabase: false);

    /// <summary>A meeting in Saint-Étienne in about three weeks, with an online link, posted through the page.</summary>
    private static Task<HttpResponseMessage> ProposeAsync(AppFactory app, string word, string email, Dictionary<string, string>? changes = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = $"Réunion publique sur la VSA {word}",
            ["Form.Kind"] = "information-meeting",
            ["Form.Start"] = Start(),
            ["Form.End"] = Start().Replace("T19:00", "T21:00", StringComparison.Ordinal),
            ["Form.Address"] = "Bourse du travail, cours Victor-Hugo",
            ["Form.Commune"] = "42218",
            ["Form.Online"] = "true",
            ["Form.OnlineUrl"] = $"https://visio.example.org/{Secret}",
            ["Form.Description"] = "Présentation du **kit** et des recours possibles.",
            ["OrganisedBy"] = "Collectif Stop VSA Loire",
            ["ContributorEmail"] = email,
        };
        foreach (var (key, value) in changes ?? [])
        {
            fields[key] = value;
        }
        return new FormSession(app.CreateBrowserlessClient()).SubmitAsync("/agenda/proposer", fields);
    }

    private static string Start() =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T19:00";

    private static (string From, string To) Window()
    {
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        return (today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), today.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static async Task<int> ProposalIdAsync(AppFactory app, string word)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        // An ASCII word: the JSON of the proposal escapes other characters.
        return await db.Set<Proposal>().Where(p => p.Kind == "event" && p.Data.Contains(word)).Select(p => p.Id).SingleAsync();
    }

    private static async Task<bool> ProposalExistsAsync(AppFactory app, string word)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<Proposal>().AnyAsync(p => p.Data.Contains(word));
    }

    private static async Task<bool> EventExistsAsync(AppFactory app, string word)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.Set<Event>().AnyAsync(e => e.Title.Contains(word));
    }

    /// <summary>Follows the confirmation e-mail's link and presses its button, as the proposer would.</summary>
    private static async Task ConfirmAsync(AppFactory app, string email)
    {
        string body;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            body = await db.OutboxMessages.Where(m => m.Recipient == email).OrderByDescending(m => m.Id).Select(m => m.TextBody).FirstAsync();
        }
        var token = ConfirmationToken().Match(body);
        Assert.True(token.Success, body);
        var path = $"/proposer/confirmer?jeton={token.Groups[1].Value}";
        var confirmed = await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(path, new Dictionary<string, string> { ["jeton"] = token.Groups[1].Value });
        Assert.Contains("C'est confirmé", HtmlText.Visible(await confirmed.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex(@"/proposer/confirmer\?jeton=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmationToken();
}
