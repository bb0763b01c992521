using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Documents;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Campaigns.Letters;

namespace Contrevue.Tests.Features.Campaigns;

[Collection(AppsCollection.Name)]
public sealed class LetterApiTests(TestApps apps)
{
    private const string Paragraph =
        "J'habite le quartier de Bellevue depuis vingt ans ; je refuse que mes enfants grandissent sous l'œil d'algorithmes qui décident de ce qui est « normal ».";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_letter_to_Saint_Etienne_names_the_commune_the_addressee_the_paragraph_and_the_date(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", new
        {
            territory = "42218",
            senderName = "Camille Dupont",
            senderKind = "individual",
            personalParagraph = Paragraph,
            format = "txt",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lettre-saint-etienne.txt", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Mairie de Saint-Étienne", text);
        Assert.Contains("Madame, Monsieur le Maire", text);
        Assert.Contains(Paragraph, text);
        Assert.Contains("Objet : Demande d'engagement contre la vidéosurveillance algorithmique à Saint-Étienne", text);
        Assert.Matches(@"À Saint-Étienne, le (1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", text);
        Assert.Contains("Camille Dupont", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_pdf_and_docx_letters_to_Saint_Etienne_say_the_same(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        object Request(string format) => new { territory = "42218", senderName = "Camille Dupont", senderKind = "individual", personalParagraph = Paragraph, format };

        var pdf = await client.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", Request("pdf"));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = System.Text.RegularExpressions.Regex.Replace(LetterRenderingTests.PdfToText(await pdf.Content.ReadAsByteArrayAsync()), @"\s+", " ");
        Assert.Contains("Mairie de Saint-Étienne", text);
        Assert.Contains("Madame, Monsieur le Maire", text);
        Assert.Contains(Paragraph, text);
        Assert.Matches(@"À Saint-Étienne, le (1er|\d{1,2}) [a-zéû]+ \d{4}", text);

        var docx = await client.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", Request("docx"));
        Assert.Equal("lettre-saint-etienne.docx", docx.Content.Headers.ContentDisposition?.FileNameStar ?? docx.Content.Headers.ContentDisposition?.FileName);
        using var stream = new MemoryStream(await docx.Content.ReadAsByteArrayAsync());
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(stream, false);
        var body = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("Mairie de Saint-Étienne", body);
        Assert.Contains(Paragraph, body);
    }

    public static TheoryData<DatabaseProvider, string, object, HttpStatusCode, string> Mistakes()
    {
        var data = new TheoryData<DatabaseProvider, string, object, HttpStatusCode, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "short", new { territory = "42218", senderName = "Camille", senderKind = "individual", personalParagraph = "Trop court.", format = "txt" }, HttpStatusCode.BadRequest, "au moins 80 caractères");
            data.Add(provider, "unknown territory", new { territory = "99999", senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph, format = "txt" }, HttpStatusCode.BadRequest, "Territoire inconnu");
            data.Add(provider, "control characters", new { territory = "42218", senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph + "\u0007\u0000", format = "txt" }, HttpStatusCode.BadRequest, "caractère de contrôle");
            data.Add(provider, "100 KB", new { territory = "42218", senderName = "Camille", senderKind = "individual", personalParagraph = new string('a', 100_000), format = "txt" }, HttpStatusCode.RequestEntityTooLarge, "trop");
            data.Add(provider, "no sender kind", new { territory = "42218", senderName = "Camille", personalParagraph = Paragraph, format = "txt" }, HttpStatusCode.BadRequest, "Indiquez qui écrit");
            data.Add(provider, "sender kind", new { territory = "42218", senderName = "Camille", senderKind = "robot", personalParagraph = Paragraph, format = "txt" }, HttpStatusCode.BadRequest, "individual");
        }
        return data;
    }

    [Theory, MemberData(nameof(Mistakes))]
    public async Task Mistakes_get_a_French_4xx_never_a_500(DatabaseProvider provider, string mistake, object body, HttpStatusCode expected, string message)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        // With its length, as browsers and curl send it (a body too large is then refused before it is read).
        using var content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        var response = await app.CreateBrowserlessClient().PostAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", content);

        Assert.True(expected == response.StatusCode, $"{mistake}: {response.StatusCode}");
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_unknown_campaign_is_a_404(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/campaigns/inconnue/letters", new { territory = "42218" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Campagne introuvable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public void The_mailto_link_is_percent_encoded_with_CRLF_line_breaks()
    {
        var letter = new Letter
        {
            SenderLines = ["Camille"],
            AddresseeLines = ["Madame, Monsieur le Maire", "Mairie de Saint-Étienne"],
            PlaceAndDate = "À Saint-Étienne, le 1er décembre 2026",
            Subject = "Objet : Pas de VSA & pas de « caméras » ?",
            Salutation = "Madame, Monsieur le Maire,",
            Paragraphs = ["Première ligne.", "Deuxième : 100 % contre."],
            Closing = "Salutations.",
            SignatureLines = ["Camille"],
        };

        var link = LetterComposer.MailTo("accueil@saint-etienne.fr", letter)!;

        Assert.StartsWith("mailto:accueil@saint-etienne.fr?subject=Pas%20de%20VSA%20%26%20pas%20de%20%C2%AB%20cam%C3%A9ras%20%C2%BB%20%3F&body=", link);
        var body = Uri.UnescapeDataString(link[(link.IndexOf("&body=", StringComparison.Ordinal) + 6)..]);
        Assert.Contains("Première ligne.\r\n\r\nDeuxième : 100 % contre.", body);
        Assert.DoesNotContain(" ", link);
        Assert.DoesNotContain("\n", link);
        Assert.Null(LetterComposer.MailTo(null, letter));
    }

    [Fact]
    public void Dates_are_written_the_French_way()
    {
        Assert.Equal("1er décembre 2026", FrenchDates.Format(new DateOnly(2026, 12, 1)));
        Assert.Equal("29 novembre 2026", FrenchDates.Format(new DateOnly(2026, 11, 29)));
    }
}

[Collection(AppsCollection.Name)]
public sealed partial class ComposerPageTests(TestApps apps)
{
    private const string Paragraph =
        "Je passe chaque jour place Jean-Jaurès : je ne veux pas qu'un logiciel y juge mes gestes ni ceux de mes voisins, ni aujourd'hui ni demain.";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_commune_page_leads_to_a_composer_that_works_without_javascript(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        Assert.Contains("/campagnes/pas-de-vsa-dans-ma-ville/lettre?territoire=42218", await visitor.Client.GetStringAsync("/communes/42218-saint-etienne"));
        const string page = "/campagnes/pas-de-vsa-dans-ma-ville/lettre?territoire=42218";

        var refused = await visitor.SubmitAsync(page, new Dictionary<string, string> { ["Territoire"] = "42218", ["SenderName"] = "Camille", ["SenderKind"] = "individual", ["PersonalParagraph"] = "Trop court" });
        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("au moins 80 caractères", HtmlText.Visible(refusedHtml));
        Assert.Contains(">Trop court</textarea>", refusedHtml);

        var preview = await visitor.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Territoire"] = "42218", ["SenderName"] = "Collectif Loire", ["SenderKind"] = "collective", ["PersonalParagraph"] = Paragraph, ["Registered"] = "true",
        }, "/campagnes/pas-de-vsa-dans-ma-ville/lettre?handler=Preview");
        var previewHtml = await preview.Content.ReadAsStringAsync();
        var text = HtmlText.Visible(previewHtml);
        Assert.DoesNotContain("mot pour mot", text);
        Assert.Contains("Mairie de Saint-Étienne", text);
        Assert.Contains("Lettre recommandée avec demande d'avis de réception", text);
        Assert.Contains("Pour le collectif Loire", text);
        Assert.DoesNotContain("Collectif Collectif", text);

        var download = await visitor.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Territoire"] = "42218", ["SenderName"] = "Camille", ["SenderKind"] = "individual", ["PersonalParagraph"] = Paragraph, ["Format"] = "txt",
            // The form carries the fingerprint counted by the preview: the same sender is not warned about their own words.
            ["SeenFingerprint"] = SeenFingerprint().Match(previewHtml).Groups[1].Value,
        });
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains(Paragraph, await download.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_paragraph_copied_from_another_sender_is_flagged_before_the_download(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var paragraph = $"Je refuse que ma ville achète des yeux électroniques qui trient les passants ; personne ne m'a demandé mon avis ({Guid.NewGuid():N}).";
        var fields = new Dictionary<string, string> { ["Territoire"] = "42218", ["SenderName"] = "Alex", ["SenderKind"] = "individual", ["PersonalParagraph"] = paragraph, ["Format"] = "txt" };
        const string page = "/campagnes/pas-de-vsa-dans-ma-ville/lettre?territoire=42218";

        var first = await new FormSession(app.CreateBrowserlessClient()).SubmitAsync(page, fields);
        Assert.Equal("attachment", first.Content.Headers.ContentDisposition?.DispositionType);

        // Another sender, the same words — typography aside: warned, then free to send it anyway.
        var copier = new FormSession(app.CreateBrowserlessClient());
        var copied = new Dictionary<string, string>(fields) { ["SenderName"] = "Sam", ["PersonalParagraph"] = "  " + paragraph.Replace("'", "’").ToUpperInvariant() };
        var warned = await copier.SubmitAsync(page, copied);
        Assert.Null(warned.Content.Headers.ContentDisposition);
        var warnedHtml = await warned.Content.ReadAsStringAsync();
        Assert.Contains("reprend mot pour mot celui d'une autre lettre", HtmlText.Visible(warnedHtml));
        var anyway = await copier.SubmitAsync(page, new Dictionary<string, string>(copied) { ["DownloadAnyway"] = "true", ["SeenFingerprint"] = SeenFingerprint().Match(warnedHtml).Groups[1].Value });
        Assert.Equal("attachment", anyway.Content.Headers.ContentDisposition?.DispositionType);

        // The API says it in a header, and still gives the letter.
        var api = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters",
            new { territory = "42218", senderName = "Dominique", senderKind = "individual", personalParagraph = paragraph, format = "txt" });
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("true", Assert.Single(api.Headers.GetValues("Contrevue-Paragraph-Repeated")));
        var fresh = await app.CreateBrowserlessClient().PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters",
            new { territory = "42218", senderName = "Dominique", senderKind = "individual", personalParagraph = paragraph + " Et je le dis en mon nom propre, avec mes mots à moi.", format = "txt" });
        Assert.False(fresh.Headers.Contains("Contrevue-Paragraph-Repeated"));
    }

    [System.Text.RegularExpressions.GeneratedRegex("name=\"SeenFingerprint\" value=\"([0-9a-f]{64})\"")]
    private static partial System.Text.RegularExpressions.Regex SeenFingerprint();
}

[Collection(AppsCollection.Name)]
public sealed class CampaignPageTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_campaign_page_states_the_demand_and_leads_to_the_composer(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var client = app.CreateBrowserlessClient();

        var html = await client.GetStringAsync("/campagnes/pas-de-vsa-dans-ma-ville");

        Assert.Contains("ne jamais déployer de vidéosurveillance algorithmique", HtmlText.Visible(html));
        Assert.Contains("action=\"/campagnes/pas-de-vsa-dans-ma-ville/lettre\"", html);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/campagnes/inconnue")).StatusCode);
    }
}
