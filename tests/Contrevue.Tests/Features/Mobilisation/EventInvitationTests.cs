using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Collectives;
using Contrevue.Features.Mobilisation;
using Contrevue.Features.Mobilisation.Organisers;
using Contrevue.Infrastructure.Security;
using Contrevue.Tests.Features.Procedures;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary>An organiser invites chosen sign-ups to an event from /admin/inscriptions: who may, to what, how many, and the e-mail each person reads.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class EventInvitationTests(TestApps apps, SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private const string Page = "/admin/inscriptions/rendez-vous";
    private const string Secret = "salle-secrete-invitation-91c2";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_invites_sign_ups_of_their_territory_and_each_reads_one_mail_with_the_page_but_not_the_online_link(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(MailTestSupport.Settings(smtp.Server.Port)), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var first = MailTestSupport.NewRecipient("stephanoise");
        var second = MailTestSupport.NewRecipient("firminoise");
        var parisien = MailTestSupport.NewRecipient("parisien");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, first, "42218");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, second, "42095");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, parisien, "75056");
        var ids = new[] { await IdAsync(app, first), await IdAsync(app, second), await IdAsync(app, parisien) };
        var loire = await MemberOfCollectiveCoveringAsync(app, "departement:42");
        var eventId = await CreateEventAsync(loire.Api, loire.CollectiveId, "Réunion publique à la Bourse du travail", days: 20);
        var selection = $"{Page}?ids={ids[0]}&ids={ids[1]}&ids={ids[2]}";

        // The form shows the chosen people the member may see, and the member's events.
        var form = HtmlText.Visible(await loire.Browser.Client.GetStringAsync(selection));
        Assert.Contains(first, form);
        Assert.Contains(second, form);
        Assert.DoesNotContain(parisien, form);
        Assert.Contains("Réunion publique à la Bourse du travail", form);

        var sent = await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var confirmation = HtmlText.Visible(await loire.Browser.Client.GetStringAsync(sent.Headers.Location!.OriginalString));
        Assert.Contains("2 personnes invitées à « Réunion publique à la Bourse du travail »", confirmation);

        var mail = (await smtp.Server.WaitForAsync(first, 2)).Single(m => m.Subject!.StartsWith("Contrevue : invitation à « Réunion publique", StringComparison.Ordinal));
        var body = mail.TextBody ?? "";
        Assert.Matches($@"https?://\S+/agenda/{eventId}-reunion-publique-a-la-bourse-du-travail/participer", body);
        Assert.Contains("Bourse du travail, Saint-Étienne", body);
        Assert.Contains("(heure de Paris)", body);
        Assert.DoesNotContain(Secret, body + mail.HtmlBody);
        Assert.DoesNotContain(second, body + mail.HtmlBody);
        Assert.DoesNotContain(parisien, body + mail.HtmlBody);
        // No address in any link: the event page's form asks for it.
        Assert.All(Regex.Matches(body, @"https?://\S+").Select(m => m.Value), url => Assert.DoesNotContain("@", url, StringComparison.Ordinal));
        Assert.Single(await smtp.Server.WaitForAsync(second, 2), m => m.Subject!.StartsWith("Contrevue : invitation", StringComparison.Ordinal));
        Assert.Equal(0, await InvitationsQueuedToAsync(app, parisien));

        // The same selection again: nobody is mailed twice.
        var again = await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection);
        var secondTime = HtmlText.Visible(await loire.Browser.Client.GetStringAsync(again.Headers.Location!.OriginalString));
        Assert.Contains("Personne n'a été invité", secondTime);
        Assert.Contains("2 personnes avaient déjà reçu cette invitation", secondTime);
        Assert.Equal(1, await InvitationsQueuedToAsync(app, first));

        // The erasure link of the invitation erases the sign-up.
        var erase = new Uri(ErasureLink().Match(body).Value).PathAndQuery;
        var erased = await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(erase, new Dictionary<string, string>());
        Assert.Contains("votre inscription est effacée", HtmlText.Visible(await erased.Content.ReadAsStringAsync()));
        Assert.Null(await MobilisationWorld.RowAsync(app, first));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_invites_only_to_their_collectives_events_moderators_to_any_national_included(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(MailTestSupport.Settings(smtp.Server.Port)), ownsDatabase: false);
        var person = MailTestSupport.NewRecipient("invitee");
        await MobilisationWorld.SignUpConfirmedAsync(app, app.CreateBrowserlessClient(), person, "42218");
        var id = await IdAsync(app, person);
        var loire = await MemberOfCollectiveCoveringAsync(app, "departement:42");
        var other = await MemberOfCollectiveCoveringAsync(app, "departement:69");
        var othersEvent = await CreateEventAsync(other.Api, other.CollectiveId, "Débat du Rhône", days: 15);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var nationalEvent = await CreateEventAsync(TestAccounts.ClientWithToken(app, moderatorToken), null, "Réunion nationale", days: 16);
        var selection = $"{Page}?ids={id}";

        Assert.DoesNotContain("Débat du Rhône", HtmlText.Visible(await loire.Browser.Client.GetStringAsync(selection)));
        foreach (var (eventId, reason) in new[] { (othersEvent, "Vous n'invitez qu'aux rendez-vous de vos collectifs."), (nationalEvent, "Seuls les modérateurs et l'équipe de campagne invitent aux rendez-vous nationaux.") })
        {
            var refused = await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(reason, HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        }
        // The Rhône member does not see the Saint-Étienne sign-up: nobody to invite.
        var outside = await other.Browser.SubmitAsync(selection, Fields(othersEvent), action: selection);
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("Aucune des personnes choisies ne figure dans vos inscriptions.", HtmlText.Visible(await outside.Content.ReadAsStringAsync()));
        Assert.Equal(0, await InvitationsQueuedToAsync(app, person));

        // A moderator invites to any event, a national one included.
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        Assert.Contains("Débat du Rhône", HtmlText.Visible(await moderator.Client.GetStringAsync(selection)));
        var national = await moderator.SubmitAsync(selection, Fields(nationalEvent), action: selection);
        Assert.Equal(HttpStatusCode.Redirect, national.StatusCode);
        var mail = (await smtp.Server.WaitForAsync(person, 2)).Single(m => m.Subject!.StartsWith("Contrevue : invitation", StringComparison.Ordinal));
        Assert.Contains("L'équipe de la campagne vous invite à « Réunion nationale »", mail.TextBody);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task More_than_a_hundred_people_a_cancelled_or_a_past_event_are_refused_in_french(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var person = $"bornes-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, app.CreateBrowserlessClient(), person, "42218");
        var id = await IdAsync(app, person);
        var loire = await MemberOfCollectiveCoveringAsync(app, "departement:42");
        var upcoming = await CreateEventAsync(loire.Api, loire.CollectiveId, "Collage d'affiches", days: 10);
        var cancelled = await CreateEventAsync(loire.Api, loire.CollectiveId, "Réunion annulée", days: 12);
        Assert.Equal(HttpStatusCode.OK, (await loire.Api.PostAsync($"/api/v1/events/{cancelled}/cancel", null)).StatusCode);
        var past = await CreateEventAsync(loire.Api, loire.CollectiveId, "Réunion passée", days: -3);

        var many = $"{Page}?" + string.Join("&", Enumerable.Range(0, 100).Select(i => $"ids={id + 1_000_000 + i}").Prepend($"ids={id}"));
        var tooMany = await loire.Browser.SubmitAsync(Page, Fields(upcoming), action: many);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Au plus 100 personnes à la fois : choisissez-en moins.", HtmlText.Visible(await tooMany.Content.ReadAsStringAsync()));

        var selection = $"{Page}?ids={id}";
        var form = HtmlText.Visible(await loire.Browser.Client.GetStringAsync(selection));
        Assert.Contains("Collage d'affiches", form);
        Assert.DoesNotContain("Réunion annulée", form);
        Assert.DoesNotContain("Réunion passée", form);
        foreach (var (eventId, reason) in new[] { (cancelled, "Ce rendez-vous est annulé"), (past, "Ce rendez-vous est passé") })
        {
            var refused = await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(reason, HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        }
        Assert.Equal(0, await InvitationsQueuedToAsync(app, person));

        // Exactly a hundred is accepted (the other ids name nobody this member sees).
        var hundred = $"{Page}?" + string.Join("&", Enumerable.Range(0, 99).Select(i => $"ids={id + 1_000_000 + i}").Prepend($"ids={id}"));
        Assert.Equal(HttpStatusCode.Redirect, (await loire.Browser.SubmitAsync(Page, Fields(upcoming), action: hundred)).StatusCode);
        Assert.Equal(1, await InvitationsQueuedToAsync(app, person));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_organiser_sends_ten_invitations_an_hour_then_is_told_to_wait(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var person = $"limite-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, app.CreateBrowserlessClient(), person, "42218");
        var selection = $"{Page}?ids={await IdAsync(app, person)}";
        var loire = await MemberOfCollectiveCoveringAsync(app, "departement:42");
        var eventId = await CreateEventAsync(loire.Api, loire.CollectiveId, "Réunion de quartier", days: 9);

        for (var i = 0; i < EventInvitations.MostPerHour; i++)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection)).StatusCode);
        }
        var refused = await loire.Browser.SubmitAsync(selection, Fields(eventId), action: selection);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Vous avez envoyé beaucoup d'invitations dans l'heure : réessayez dans", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(1, await InvitationsQueuedToAsync(app, person));
    }

    private static Dictionary<string, string> Fields(int eventId) => new() { ["evenement"] = eventId.ToString(CultureInfo.InvariantCulture) };

    private static async Task<int> IdAsync(AppFactory app, string email) => (await MobilisationWorld.RowAsync(app, email))!.Id;

    /// <summary>A collective covering the territories, and a member of it signed in (pages) with an API token.</summary>
    private static async Task<CollectiveMemberSession> MemberOfCollectiveCoveringAsync(AppFactory app, string territories)
    {
        var (admin, _) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        int collectiveId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (collective, errors) = await scope.ServiceProvider.GetRequiredService<CollectiveService>()
                .CreateAsync(admin.Id, $"Collectif {Guid.NewGuid():N}"[..30], null, territories, CancellationToken.None);
            Assert.True(collective is not null, string.Join(" ", errors));
            collectiveId = collective.Id;
        }
        return await ProcedureWorld.MemberAsync(app, collectiveId, signIn: true);
    }

    private static async Task<int> CreateEventAsync(HttpClient api, int? collectiveId, string title, int days)
    {
        var day = TimeProvider.System.GetUtcNow().AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var created = await api.PostAsJsonAsync("/api/v1/events", new
        {
            title, kind = "debate", collective = collectiveId, start = $"{day}T18:30", end = $"{day}T20:00",
            online = true, onlineUrl = $"https://visio.example.org/{Secret}",
            place = new { address = "Bourse du travail", territory = "42218" },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
    }

    private static async Task<int> InvitationsQueuedToAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().OutboxMessages
            .CountAsync(m => m.Recipient == email && m.Subject.StartsWith(MobilisationMails.InvitationSubjectStart));
    }

    [GeneratedRegex(@"https?://\S+/rejoindre/effacer\?jeton=[A-Za-z0-9_.-]+")]
    private static partial Regex ErasureLink();
}
