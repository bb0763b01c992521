using System.Net;
using System.Net.Http.Json;
using System.Text;
using Contrevue.Features.Newsletter;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Subscriptions;

/// <summary>Organisers: import with a legal basis (with and without prior consent), export « ; » + BOM, a subscriber's consent log, a collective's own list.</summary>
[Collection(AppsCollection.Name)]
public sealed class OrganiserTests(TestApps apps)
{
    private static async Task<HttpResponseMessage> ImportAsync(FormSession session, string list, string csv, string statement, bool priorConsent)
    {
        var url = $"/lettre/organiser?liste={Uri.EscapeDataString(list)}";
        var page = await session.Client.GetStringAsync(url);
        var token = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(statement), "Statement" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "abonnes.csv" },
        };
        if (priorConsent)
        {
            form.Add(new StringContent("true"), "PriorConsent");
        }
        return await session.Client.PostAsync(url + "&handler=Import", form);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_import_needs_a_legal_basis_confirms_only_with_stated_consent_and_is_all_or_nothing(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var (consented, asked, bad) = (SubscriptionWorld.NewEmail("avec"), SubscriptionWorld.NewEmail("sans"), SubscriptionWorld.NewEmail("jamais"));
        var withdrew = await SubscriptionWorld.ConfirmedAsync(app, SubscriptionWorld.NewEmail("retiree"), ["national"]);
        var withdrewPath = (await SubscriptionWorld.PreferencesAsync(app, withdrew.Email)).Path;
        await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(withdrewPath, new Dictionary<string, string>(), withdrewPath + "&handler=Unsubscribe");

        // Bad rows are reported by line, in French, and nothing is imported.
        var refused = await ImportAsync(moderator, "departement:42", $"nom;email\nCamille;{bad}\nSans adresse;pas-une-adresse\nVide;\n", "Anciens abonnés de notre lettre papier", true);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedText = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Rien n'a été importé", refusedText);
        Assert.Contains("Ligne 3 : adresse e-mail invalide", refusedText);
        Assert.Contains("Ligne 4 : adresse e-mail invalide", refusedText);
        Assert.Null(await SubscriptionWorld.SubscriberAsync(app, bad));
        var noStatement = await ImportAsync(moderator, "departement:42", $"email\n{bad}\n", "  ", true);
        Assert.Equal(HttpStatusCode.BadRequest, noStatement.StatusCode);
        Assert.Contains("base légale", HtmlText.Visible(await noStatement.Content.ReadAsStringAsync()));
        Assert.Null(await SubscriptionWorld.SubscriberAsync(app, bad));

        // Stated prior consent: confirmed at once, no e-mail, the statement and the organiser in the log.
        var done = await ImportAsync(moderator, "departement:42", $"\uFEFFemail;nom\n{consented.ToUpperInvariant()};Camille\n{withdrew.Email};Dominique\n", "Inscrits à notre stand du 1er mai", true);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Import terminé", HtmlText.Visible(await done.Content.ReadAsStringAsync()));
        var imported = (await SubscriptionWorld.SubscriberAsync(app, consented))!;
        Assert.Equal(SubscriberStatus.Confirmed, imported.Status);
        Assert.Equal(["departement:42"], imported.Subscriptions.Select(s => s.ListCode));
        Assert.Empty(await SubscriptionWorld.OutboxTextsAsync(app, consented));
        var record = Assert.Single(await SubscriptionWorld.ConsentsAsync(app, imported.Id));
        Assert.Equal((ConsentAction.Imported, "import"), (record.Action, record.Method));
        Assert.Contains("Inscrits à notre stand du 1er mai", record.Statement);
        Assert.Contains("Consentement préalable déclaré par l'organisateur : oui", record.Statement);
        Assert.NotNull(record.ActorUserId);
        // Who withdrew is not brought back by a file.
        Assert.Equal(SubscriberStatus.Unsubscribed, (await SubscriptionWorld.SubscriberAsync(app, withdrew.Email))!.Status);

        // Without: unconfirmed, and the one confirmation e-mail.
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(moderator, "departement:42", $"email\n{asked}\n", "Pétition signée en ligne", false)).StatusCode);
        var pending = (await SubscriptionWorld.SubscriberAsync(app, asked))!;
        Assert.Equal(SubscriberStatus.Unconfirmed, pending.Status);
        Assert.Contains("Consentement préalable déclaré par l'organisateur : non", Assert.Single(await SubscriptionWorld.ConsentsAsync(app, pending.Id)).Statement);
        Assert.Contains("/lettre/confirmer?jeton=", Assert.Single(await SubscriptionWorld.OutboxTextsAsync(app, asked)));

        // Export: confirmed only, « ; » and a BOM.
        var export = await moderator.Client.GetAsync("/lettre/organiser?liste=departement%3A42&handler=Csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("email;sujets;confirme_le", csv);
        Assert.Contains($"{consented};;", csv);
        Assert.DoesNotContain(asked, csv);

        // The consent log of one subscriber, for the organiser of its list; nobody else learns it exists.
        var log = HtmlText.Visible(await moderator.Client.GetStringAsync($"/lettre/abonnes/{imported.Id}"));
        Assert.Contains("Import par un organisateur", log);
        Assert.Contains("Inscrits à notre stand du 1er mai", log);
        var viaForm = await SubscriptionWorld.ConfirmedAsync(app, SubscriptionWorld.NewEmail("formulaire"), ["departement:42"]);
        var formLog = HtmlText.Visible(await moderator.Client.GetStringAsync($"/lettre/abonnes/{viaForm.Id}"));
        Assert.Contains(SubscriptionTexts.ConsentWording, formLog);
        Assert.Contains(SubscriptionTexts.ConfirmationWording, formLog);
        var (member, _, _) = await SubscriptionWorld.MemberOfNewCollectiveAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/lettre/abonnes/{imported.Id}")).StatusCode);
        var forbidden = await member.Client.GetAsync("/lettre/organiser?liste=departement%3A42&handler=Csv");
        Assert.Contains("/acces-refuse", forbidden.Headers.Location?.OriginalString);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_opens_the_collectives_list_and_its_profile_and_the_departement_page_offer_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, SubscriptionWorld.Settings(), ownsDatabase: false);
        var (member, collectiveId, _) = await SubscriptionWorld.MemberOfNewCollectiveAsync(app);
        var list = $"collective:{collectiveId}";
        var client = app.CreateBrowserlessClient();

        var closed = await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = SubscriptionWorld.NewEmail("tot"), lists = new[] { list } });
        Assert.Equal(HttpStatusCode.BadRequest, closed.StatusCode);

        var (other, _, _) = await SubscriptionWorld.MemberOfNewCollectiveAsync(app);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/lettre/collectif/{collectiveId}")).StatusCode);
        var opened = await member.SubmitAsync($"/lettre/collectif/{collectiveId}", new Dictionary<string, string>(), $"/lettre/collectif/{collectiveId}?handler=Open");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains("La lettre du collectif est ouverte", HtmlText.Visible(await member.Client.GetStringAsync($"/lettre/collectif/{collectiveId}")));

        var email = SubscriptionWorld.NewEmail("collectif");
        await SubscriptionWorld.SubscribeAsync(client, email, [list]);
        Assert.Equal([list], (await SubscriptionWorld.SubscriberAsync(app, email))!.Subscriptions.Select(s => s.ListCode));
        Assert.Contains($"value=\"{collectiveId}\"", await client.GetStringAsync("/lettre"));
        var form = await client.GetStringAsync($"/lettre?liste={list}");
        Assert.Contains($"value=\"{collectiveId}\" selected=\"selected\"", form);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var profile = (await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Collectives.CollectiveDirectory>().PublicAsync([collectiveId], CancellationToken.None))[collectiveId].ProfilePath!;
            Assert.Contains($"name=\"liste\" value=\"{list}\"", await app.CreateClient().GetStringAsync(profile));
        }
        var departement = await app.CreateClient().GetStringAsync("/departements/42");
        Assert.Contains("name=\"liste\" value=\"departement:42\"", departement);

        var shut = await member.SubmitAsync($"/lettre/collectif/{collectiveId}", new Dictionary<string, string>(), $"/lettre/collectif/{collectiveId}?handler=Close");
        Assert.Equal(HttpStatusCode.Redirect, shut.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/v1/newsletter/subscriptions", new { email = SubscriptionWorld.NewEmail("tard"), lists = new[] { list } })).StatusCode);
    }
}
