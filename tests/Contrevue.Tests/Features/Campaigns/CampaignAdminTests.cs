using Contrevue.Infrastructure.History;
using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>Campaigns are data that admins write; each test makes its own, under a slug of its own, in the shared database.</summary>
[Collection(AppsCollection.Name)]
public sealed class CampaignAdminTests(TestApps apps)
{
    private const string Template =
        "{destinataire},\n\nNous vous écrivons au sujet des caméras de {territoire}.\n\n{paragraphe_personnel}\n\nVeuillez agréer, {destinataire}, nos salutations. {expediteur}, à {ville_expediteur}, le {date}.";

    private const string Paragraph =
        "J'habite le quartier de Bellevue depuis vingt ans ; je refuse que mes enfants grandissent sous l'œil d'algorithmes qui décident de ce qui est « normal ».";

    private static string NewSlug() => $"campagne-test-{Guid.NewGuid():N}"[..30];

    private static Dictionary<string, object?> Valid(string slug) => new()
    {
        ["slug"] = slug,
        ["title"] = "Pas de caméras intelligentes",
        ["demand"] = "Nous demandons **un engagement** écrit.",
        ["letterSubject"] = "Caméras à {territoire}",
        ["letterTemplate"] = Template,
        ["targetLevels"] = new[] { "commune", "epci" },
        ["followUpDays"] = "14,28",
        ["isOpen"] = true,
    };

    private static Dictionary<string, string> FormFields(string slug, string title, bool isOpen = true, string template = Template) => new()
    {
        ["Form.Slug"] = slug,
        ["Form.Title"] = title,
        ["Form.Demand"] = "Nous demandons **un engagement** écrit.",
        ["Form.LetterSubject"] = "Caméras à {territoire}",
        ["Form.LetterTemplate"] = template,
        ["Form.TargetLevels"] = "commune",
        ["Form.FollowUpDays"] = "14",
        ["Form.IsOpen"] = isOpen ? "true" : "false",
    };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_creates_and_edits_a_campaign_through_the_API_and_each_save_is_a_revision(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (admin, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var client = TestAccounts.ClientWithToken(app, token);
        var slug = NewSlug();

        var created = await client.PostAsJsonAsync("/api/v1/campaigns", Valid(slug));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/campaigns/{slug}", created.Headers.Location?.OriginalString);
        using (var document = JsonDocument.Parse(await created.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Pas de caméras intelligentes", document.RootElement.GetProperty("title").GetString());
            Assert.Equal(["commune", "epci"], document.RootElement.GetProperty("targetLevels").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([14, 28], document.RootElement.GetProperty("followUpDays").EnumerateArray().Select(e => e.GetInt32()));
        }

        var changed = Valid(slug + "-bis");
        changed["title"] = "Pas de VSA, nulle part";
        changed["followUpDays"] = "";
        var updated = await client.PutAsJsonAsync($"/api/v1/campaigns/{slug}", changed);

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var anonymous = app.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/campaigns/{slug}")).StatusCode);
        using (var read = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/campaigns/{slug}-bis")))
        {
            Assert.Equal("Pas de VSA, nulle part", read.RootElement.GetProperty("title").GetString());
            Assert.Equal(0, read.RootElement.GetProperty("followUpDays").GetArrayLength());
            Assert.Equal(Template, read.RootElement.GetProperty("letterTemplate").GetString());
        }

        var duplicate = await client.PostAsJsonAsync("/api/v1/campaigns", Valid(slug + "-bis"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("Une autre campagne a déjà l'adresse", await duplicate.Content.ReadAsStringAsync());
        var renamedOnto = await client.PutAsJsonAsync($"/api/v1/campaigns/{slug}-bis", Valid("pas-de-vsa-dans-ma-ville"));
        Assert.Equal(HttpStatusCode.Conflict, renamedOnto.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsJsonAsync("/api/v1/campaigns/inconnue-123", Valid("inconnue-123"))).StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var id = await db.Set<Contrevue.Features.Campaigns.Campaign>().Where(c => c.Slug == slug + "-bis").Select(c => c.Id).SingleAsync();
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var revisions = await db.Set<Revision>().Where(r => r.EntityType == "campaign" && r.EntityKey == key).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(2, revisions.Count);
        Assert.Null(revisions[0].Before);
        Assert.Contains("Pas de caméras intelligentes", revisions[1].Before);
        Assert.Contains("Pas de VSA, nulle part", revisions[1].After);
        Assert.All(revisions, r => Assert.Equal(admin.Id, r.AuthorUserId));
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(a => a.Target == $"campaign:{id}"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_admins_write_campaigns_through_the_API(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var anonymous = app.CreateBrowserlessClient();
        var slug = NewSlug();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/campaigns", Valid(slug))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville", Valid(slug))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestAccounts.ClientWithToken(app, memberToken).PostAsJsonAsync("/api/v1/campaigns", Valid(slug))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TestAccounts.ClientWithToken(app, moderatorToken).PutAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville", Valid(slug))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/campaigns/{slug}")).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Only_admins_see_the_campaign_pages(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var member = await TestAccounts.SignInWithTotpAsync(app, Roles.Member);

        foreach (var page in new[] { "/admin/campagnes", "/admin/campagnes/nouvelle", "/admin/campagnes/pas-de-vsa-dans-ma-ville/modifier" })
        {
            var visitor = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
            Assert.StartsWith("/connexion", visitor.Headers.Location?.AbsolutePath ?? visitor.Headers.Location?.OriginalString);
            var refused = await member.Client.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/acces-refuse", refused.Headers.Location?.OriginalString);
        }
    }

    public static TheoryData<DatabaseProvider, string, object?, string, string> Mistakes()
    {
        var data = new TheoryData<DatabaseProvider, string, object?, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "slug", "Pas De Majuscules", "slug", "lettres minuscules sans accent, chiffres et tirets");
            data.Add(provider, "slug", "ab", "slug", "3 à 80 caractères");
            data.Add(provider, "slug", new string('a', 81), "slug", "3 à 80 caractères");
            data.Add(provider, "title", "ab", "title", "Le titre tient en 3 à 200 caractères");
            data.Add(provider, "title", new string('t', 201), "title", "Le titre tient en 3 à 200 caractères");
            data.Add(provider, "demand", new string('d', 10_001), "demand", "La demande tient en 10 000 caractères au plus");
            data.Add(provider, "demand", "", "demand", "La demande est obligatoire");
            data.Add(provider, "letterSubject", new string('o', 301), "letterSubject", "L'objet de la lettre tient en 300 caractères au plus");
            data.Add(provider, "letterSubject", "Objet {inconnu}", "letterSubject", "Champ inconnu : {inconnu}. Les champs possibles sont {territoire}, {a_territoire}, {destinataire}, {expediteur}, {paragraphe_personnel}, {date}, {ville_expediteur}.");
            data.Add(provider, "letterTemplate", Template + new string('x', 20_000), "letterTemplate", "Le modèle de la lettre tient en 20 000 caractères au plus");
            data.Add(provider, "letterTemplate", Template.Replace("{paragraphe_personnel}", "Rien.", StringComparison.Ordinal), "letterTemplate", "Le modèle de la lettre doit contenir le champ {paragraphe_personnel}.");
            data.Add(provider, "letterTemplate", Template.Replace("{territoire}", "la ville", StringComparison.Ordinal), "letterTemplate", "Le modèle de la lettre doit contenir le champ {territoire}.");
            data.Add(provider, "letterTemplate", Template + "\n\n{maire}", "letterTemplate", "Champ inconnu : {maire}. Les champs possibles sont {territoire}, {a_territoire}, {destinataire}");
            data.Add(provider, "letterTemplate", "{destinataire}, {territoire}\n\n{paragraphe_personnel}", "letterTemplate", "au moins 3 paragraphes séparés par une ligne vide");
            data.Add(provider, "letterTemplate", Template + "\n\n{Je|Nous|Notre collectif|Eux}", "letterTemplate", "Une variante s'écrit entre accolades, deux ou trois formes séparées par « | »");
            data.Add(provider, "targetLevels", Array.Empty<string>(), "targetLevels", "Choisissez au moins un type de collectivité destinataire, parmi : commune, epci, departement, region.");
            data.Add(provider, "targetLevels", new[] { "commune", "canton" }, "targetLevels", "parmi : commune, epci, departement, region");
            data.Add(provider, "followUpDays", "28,14", "followUpDays", "croissants");
            data.Add(provider, "followUpDays", "7,14,28", "followUpDays", "au plus 2 nombres de jours");
            data.Add(provider, "followUpDays", "0", "followUpDays", "entre 1 et 90");
            data.Add(provider, "followUpDays", "91", "followUpDays", "entre 1 et 90");
            data.Add(provider, "followUpDays", "quinze", "followUpDays", "séparés par une virgule");
        }
        return data;
    }

    [Theory, MemberData(nameof(Mistakes))]
    public async Task Each_rule_has_its_French_message_on_its_field(DatabaseProvider provider, string field, object? value, string errorKey, string message)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var body = Valid(NewSlug());
        body[field] = value;

        var response = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync("/api/v1/campaigns", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Campagne refusée : vérifiez les champs indiqués.", problem.RootElement.GetProperty("title").GetString());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal([errorKey], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains(errors.GetProperty(errorKey).EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_list_is_public_open_campaigns_first(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var admin = TestAccounts.ClientWithToken(app, token);
        var closed = Valid(NewSlug());
        closed["title"] = "AAA une campagne close";
        closed["isOpen"] = false;
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/campaigns", closed)).StatusCode);

        using var list = JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync("/api/v1/campaigns"));

        var campaigns = list.RootElement.EnumerateArray().ToList();
        Assert.Contains(campaigns, c => c.GetProperty("slug").GetString() == "pas-de-vsa-dans-ma-ville" && c.GetProperty("isOpen").GetBoolean());
        Assert.Contains(campaigns, c => c.GetProperty("slug").GetString() == (string)closed["slug"]! && !c.GetProperty("isOpen").GetBoolean());
        var open = campaigns.Select(c => c.GetProperty("isOpen").GetBoolean()).ToList();
        Assert.Equal(open.OrderByDescending(o => o), open);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_closed_campaign_says_so_and_refuses_new_letters(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var slug = NewSlug();
        var body = Valid(slug);
        body["isOpen"] = false;
        Assert.Equal(HttpStatusCode.Created, (await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync("/api/v1/campaigns", body)).StatusCode);
        var visitor = new FormSession(app.CreateBrowserlessClient());

        Assert.Contains("Cette campagne est close", HtmlText.Visible(await visitor.Client.GetStringAsync($"/campagnes/{slug}")));
        var letter = await visitor.Client.PostAsJsonAsync($"/api/v1/campaigns/{slug}/letters",
            new { territory = "42218", senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph, format = "txt" });
        Assert.Equal(HttpStatusCode.Conflict, letter.StatusCode);
        using (var problem = JsonDocument.Parse(await letter.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Campagne close", problem.RootElement.GetProperty("title").GetString());
            Assert.StartsWith("Cette campagne est close", problem.RootElement.GetProperty("detail").GetString());
        }
        var composer = HtmlText.Visible(await visitor.Client.GetStringAsync($"/campagnes/{slug}/lettre?territoire=42218"));
        Assert.Contains("Cette campagne est close", composer);
        Assert.DoesNotContain("Télécharger la lettre", composer);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_creates_previews_edits_and_closes_a_campaign_through_the_pages(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var slug = NewSlug();

        Assert.Contains("href=\"/admin/campagnes\"", await admin.Client.GetStringAsync("/admin"));
        var list = await admin.Client.GetStringAsync("/admin/campagnes");
        Assert.Contains("href=\"/admin/campagnes/pas-de-vsa-dans-ma-ville/modifier\"", list);
        Assert.Contains("Pas de VSA dans ma ville", HtmlText.Visible(list));

        var refused = await admin.SubmitAsync("/admin/campagnes/nouvelle", FormFields(slug, "ab", template: "Bonjour {territoire}"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedPage = HtmlText.Visible(await refused.Content.ReadAsStringAsync());
        Assert.Contains("Le titre tient en 3 à 200 caractères", refusedPage);
        Assert.Contains("Le modèle de la lettre doit contenir le champ {paragraphe_personnel}.", refusedPage);

        var created = await admin.SubmitAsync("/admin/campagnes/nouvelle", FormFields(slug, "Pas de caméras intelligentes"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/admin/campagnes/{slug}/modifier?enregistree=true", created.Headers.Location?.OriginalString);

        var editPage = $"/admin/campagnes/{slug}/modifier";
        var edit = HtmlText.Visible(await admin.Client.GetStringAsync(editPage + "?enregistree=true"));
        Assert.Contains("Campagne enregistrée.", edit);
        Assert.Contains("Mairie de Saint-Étienne", edit);
        Assert.Contains("Nous vous écrivons au sujet des caméras de Saint-Étienne.", edit);
        Assert.Contains("Objet : Caméras à Saint-Étienne", edit);
        Assert.Contains("{paragraphe_personnel} : le paragraphe que chaque expéditeur écrit", edit);

        var previewFields = FormFields(slug, "Pas de caméras intelligentes", template: Template.Replace("au sujet des caméras", "à propos des capteurs", StringComparison.Ordinal));
        var preview = await admin.SubmitAsync(editPage, previewFields, editPage + "?handler=Preview");
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Nous vous écrivons à propos des capteurs de Saint-Étienne.", HtmlText.Visible(await preview.Content.ReadAsStringAsync()));
        Assert.DoesNotContain("à propos des capteurs", await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/campaigns/{slug}"));

        var closed = await admin.SubmitAsync(editPage, FormFields(slug, "Pas de caméras, vraiment", isOpen: false));
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        using var read = JsonDocument.Parse(await app.CreateBrowserlessClient().GetStringAsync($"/api/v1/campaigns/{slug}"));
        Assert.Equal("Pas de caméras, vraiment", read.RootElement.GetProperty("title").GetString());
        Assert.False(read.RootElement.GetProperty("isOpen").GetBoolean());
        Assert.Contains("Cette campagne est close", HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync($"/campagnes/{slug}")));
        Assert.Contains("Close", HtmlText.Visible(await admin.Client.GetStringAsync("/admin/campagnes")));

        var taken = await admin.SubmitAsync(editPage, FormFields("pas-de-vsa-dans-ma-ville", "Pas de caméras, vraiment"));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("Une autre campagne a déjà l'adresse « pas-de-vsa-dans-ma-ville »", HtmlText.Visible(await taken.Content.ReadAsStringAsync()));
    }
}
