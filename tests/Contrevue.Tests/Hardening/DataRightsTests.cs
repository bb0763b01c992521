using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Accounts;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Features.Moderation;
using Contrevue.Tests.Features.Procedures;
using Contrevue.Tests.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Data rights: whoever left an address asks for a link on /mes-donnees (same answer whether anything
/// is held), the e-mailed link lists exactly that address's data and one button erases it; an
/// account exports its data and deletes itself.
/// </summary>
public sealed partial class DataRightsTests(SmtpFixture smtp) : IClassFixture<SmtpFixture>
{
    private SmtpTestServer Server => smtp.Server;

    private static async Task<HttpResponseMessage> AskAsync(FormSession session, string email) =>
        await session.SubmitAsync("/mes-donnees", new Dictionary<string, string> { ["Email"] = email });

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_link_lists_exactly_that_address_data_and_erases_it_while_the_page_answers_alike_for_anyone(DatabaseProvider provider)
    {
        // Every request of the test comes from one client: the per-client limit of public writes is raised for it.
        var settings = MailTestSupport.Settings(Server.Port);
        settings["Abuse:UnverifiedPerMinute"] = "50";
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider), settings);
        var visitor = app.CreateBrowserlessClient();
        var known = MailTestSupport.NewRecipient("connue");
        var unknown = MailTestSupport.NewRecipient("inconnue");
        var someoneElse = MailTestSupport.NewRecipient("autre");

        // The known address left a proposal (never confirmed) and asked for campaign follow-ups; someone else proposed too.
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact", territory = "42218", data = new { mayor = "Gaël Perdriau" },
            source = "https://www.saint-etienne.fr/contact", contributorEmail = known,
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await visitor.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact", territory = "42095", data = new { mayor = "Julien Luya" },
            source = "https://www.ville-firminy.fr/contact", contributorEmail = someoneElse,
        })).StatusCode);
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System);
        Assert.Equal(HttpStatusCode.Created, (await visitor.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/requests", new
        {
            territory = "38185", sentOn = today.AddDays(-3).ToString("yyyy-MM-dd"), channel = "email", publicName = "Jeanne de Grenoble", contactEmail = known.ToUpperInvariant(),
        })).StatusCode);
        await Server.WaitForAsync(known);

        // The same answer for an address we know and one we do not: status, redirect, page.
        var session = new FormSession(app.CreateBrowserlessClient());
        var forUnknown = await AskAsync(session, unknown);
        var forKnown = await AskAsync(session, known);
        Assert.Equal(HttpStatusCode.Redirect, forUnknown.StatusCode);
        Assert.Equal((forUnknown.StatusCode, forUnknown.Headers.Location), (forKnown.StatusCode, forKnown.Headers.Location));
        var answer = HtmlText.Visible(await session.Client.GetStringAsync(forKnown.Headers.Location!.OriginalString));
        Assert.Contains("Si nous détenons des données liées à cette adresse, un lien vient de vous être envoyé.", answer);
        var invalid = await AskAsync(session, "pas-une-adresse");
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("n'est pas valide", HtmlText.Visible(await invalid.Content.ReadAsStringAsync()));

        // Requests are handled in order: once the known address's link has arrived, the unknown one was looked up, and got nothing.
        var mail = (await Server.WaitForAsync(known, 2)).Single(m => m.Subject == "Contrevue : vos données");
        Assert.Empty(Server.MessagesTo(unknown));
        var link = new Uri(LinkIn().Match(mail.TextBody ?? "").Value).PathAndQuery;

        // Opening the link changes nothing, and shows this address's data only.
        var browser = new FormSession(app.CreateBrowserlessClient());
        var listed = HtmlText.Visible(await browser.Client.GetStringAsync(link));
        Assert.Contains("Saint-Étienne", listed);
        Assert.Contains("en attente de votre confirmation", listed);
        Assert.Contains("Grenoble", listed);
        Assert.Contains("Jeanne de Grenoble", listed);
        Assert.Contains("Contrevue : confirmez votre proposition", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Firminy", listed);
        Assert.DoesNotContain(someoneElse, listed, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await CountAsync(app, db => db.Set<ContributorEmail>().CountAsync(c => c.Email == known)));

        var erased = await browser.SubmitAsync(link, new Dictionary<string, string>(), link + "?handler=Erase");
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Contains("Rien.", HtmlText.Visible(await browser.Client.GetStringAsync(erased.Headers.Location!.OriginalString)));
        Assert.Equal(0, await CountAsync(app, db => db.Set<ContributorEmail>().CountAsync(c => c.Email == known)));
        Assert.Equal(0, await CountAsync(app, db => db.Set<Proposal>().CountAsync(p => p.TerritoryCode == "42218" && p.Status == ProposalStatus.AwaitingConfirmation)));
        Assert.Equal(0, await CountAsync(app, db => db.OutboxMessages.CountAsync(m => m.Recipient.ToLower() == known.ToLowerInvariant())));
        var request = await CountAsync(app, db => db.Set<CampaignRequest>().SingleAsync(r => r.TerritoryCode == "38185"));
        Assert.Null(request.ContactEmail);
        Assert.Null(request.PublicName);
        Assert.Equal(FollowUpEnd.Stopped, request.FollowUpEnd);
        // The public record stays: the letter still counts; someone else's proposal and address are untouched.
        Assert.Equal(1, JsonDocument.Parse(await visitor.GetStringAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/territories/38185")).RootElement.GetProperty("requests").GetInt32());
        Assert.Equal(1, await CountAsync(app, db => db.Set<ContributorEmail>().CountAsync(c => c.Email == someoneElse)));

        // A forged or damaged link shows nothing.
        var forged = await browser.Client.GetAsync("/mes-donnees/CfDJ8-pas-un-jeton");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Contains("n'est plus valable", HtmlText.Visible(await forged.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(known, StringComparison.OrdinalIgnoreCase));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_account_exports_its_data_and_deletes_itself_but_the_last_admin_cannot(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app));
        // A revision the member authored (members edit the observatoire through its pages).
        const string dossierKey = "4242";
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            db.Add(new Revision { EntityType = "dossier", EntityKey = dossierKey, AuthorUserId = member.UserId, CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime, After = "{}", Reason = "Ajout d'une source" });
            await db.SaveChangesAsync();
        }

        var download = await member.Browser.Client.GetAsync("/compte?handler=Export");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        using (var export = JsonDocument.Parse(await download.Content.ReadAsStringAsync()))
        {
            var root = export.RootElement;
            Assert.Equal(member.Email, root.GetProperty("account").GetProperty("email").GetString());
            Assert.Equal("member", root.GetProperty("account").GetProperty("roles")[0].GetString());
            Assert.Equal(member.CollectiveId, root.GetProperty("collectives")[0].GetProperty("collectiveId").GetInt32());
            Assert.Equal("tests", root.GetProperty("apiTokens")[0].GetProperty("name").GetString());
            Assert.DoesNotContain("hash", root.GetProperty("apiTokens")[0].GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(root.GetProperty("contributions").GetProperty("revisions").EnumerateArray(), r => r.GetProperty("entityKey").GetString() == dossierKey);
            Assert.DoesNotContain("PasswordHash", root.GetRawText(), StringComparison.OrdinalIgnoreCase);
        }

        var wrong = await member.Browser.SubmitAsync("/compte", new Dictionary<string, string> { ["DeletePassword"] = "pas le bon mot de passe" }, "/compte?handler=DeleteAccount");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Mot de passe incorrect", HtmlText.Visible(await wrong.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await member.Api.GetAsync("/api/v1/me")).StatusCode);

        var deleted = await member.Browser.SubmitAsync("/compte", new Dictionary<string, string> { ["DeletePassword"] = TestAccounts.Password }, "/compte?handler=DeleteAccount");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.Api.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await member.Browser.Client.GetAsync("/compte")).StatusCode);
        Assert.Equal(0, await CountAsync(app, db => db.Users.CountAsync(u => u.Email == member.Email)));
        Assert.Equal(0, await CountAsync(app, db => db.Set<Contrevue.Features.Collectives.CollectiveMember>().CountAsync(m => m.UserId == member.UserId)));
        // The revision stays, under an id that leads to no one; the deletion is audited without the address.
        Assert.Equal(1, await CountAsync(app, db => db.Set<Revision>().CountAsync(r => r.EntityKey == dossierKey && r.AuthorUserId == member.UserId)));
        var entry = await CountAsync(app, db => db.Set<AuditEntry>().SingleAsync(a => a.Action == "account.delete"));
        Assert.Equal($"user:{member.UserId}", entry.Target);
        Assert.DoesNotContain(member.Email, entry.Details ?? "", StringComparison.OrdinalIgnoreCase);

        // The only admin cannot delete itself: no one could run the instance any more.
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var refused = await admin.SubmitAsync("/compte", new Dictionary<string, string> { ["DeletePassword"] = TestAccounts.Password }, "/compte?handler=DeleteAccount");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("dernier compte administrateur", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
    }

    private static async Task<T> CountAsync<T>(AppFactory app, Func<ContrevueDbContext, Task<T>> query)
    {
        using var scope = app.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }

    [GeneratedRegex(@"https?://\S+/mes-donnees/\S+")]
    private static partial Regex LinkIn();
}
