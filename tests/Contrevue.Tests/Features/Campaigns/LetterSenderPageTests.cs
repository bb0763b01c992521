using System.Net;
using Contrevue.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Campaigns;

/// <summary>The composer's form and the seeded letter, with the sender's voice (issue 14).</summary>
[Collection(AppsCollection.Name)]
public sealed class LetterSenderPageTests(TestApps apps)
{
    private const string Page = "/campagnes/pas-de-vsa-dans-ma-ville/lettre?territoire=42218";

    /// <summary>600 characters, unique so that no other test's letter makes it « repeated ».</summary>
    private static string Paragraph600() => LetterLayoutTests.PersonalParagraph(566) + $" {Guid.NewGuid():N}.";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task One_person_with_600_characters_gets_a_one_page_pdf_that_says_je(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var paragraph = Paragraph600();
        Assert.Equal(600, paragraph.Length);

        var form = await visitor.Client.GetStringAsync(Page);
        Assert.Contains("name=\"SenderKind\" value=\"individual\" checked=\"checked\"", form);
        Assert.Contains("name=\"SenderKind\" value=\"several\"", form);
        Assert.Contains("name=\"SenderKind\" value=\"collective\"", form);

        var response = await visitor.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Territoire"] = "42218", ["SenderName"] = "Camille Martin", ["SenderKind"] = "individual", ["SenderCity"] = "Saint-Étienne",
            ["SenderAddress"] = "12 rue de la Résistance\n42000 Saint-Étienne", ["PersonalParagraph"] = paragraph, ["Registered"] = "true", ["Format"] = "pdf",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(1, LetterLayoutTests.PageCount(pdf));
        var text = System.Text.RegularExpressions.Regex.Replace(LetterRenderingTests.PdfToText(pdf), @"\s+", " ");
        Assert.Contains("Je vis à Saint-Étienne et je vous écris pour vous demander", text);
        Assert.Contains("Je vous demande donc de vous engager", text);
        Assert.Contains("je vous prie d'agréer, Madame, Monsieur le Maire, l'expression de ma considération distinguée.", text);
        Assert.DoesNotContain("nous vous écrivons", text);
        Assert.DoesNotContain("Habitant", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_form_without_a_sender_kind_is_told_next_to_the_choice_and_loses_nothing(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        var paragraph = Paragraph600();

        foreach (var kind in new[] { null, "robot" })
        {
            var fields = new Dictionary<string, string> { ["Territoire"] = "42218", ["SenderName"] = "Camille Martin", ["PersonalParagraph"] = paragraph, ["Format"] = "pdf" };
            if (kind is not null) fields["SenderKind"] = kind;

            var response = await visitor.SubmitAsync(Page, fields);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentDisposition);
            var html = await response.Content.ReadAsStringAsync();
            var start = html.IndexOf("name=\"SenderKind\"", StringComparison.Ordinal);
            var fieldset = html[start..html.IndexOf("</fieldset>", start, StringComparison.Ordinal)];
            Assert.Contains("class=\"field-error\"", fieldset);
            Assert.Contains(kind is null ? "Indiquez qui écrit" : "Type d'expéditeur inconnu", HtmlText.Visible(fieldset));
            Assert.Contains($">{paragraph}</textarea>", System.Net.WebUtility.HtmlDecode(html));
            Assert.Contains("value=\"Camille Martin\"", html);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_first_seeded_letter_is_replaced_unless_an_admin_rewrote_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        async Task<Campaign> CampaignAsync() => await db.Set<Campaign>().SingleAsync(c => c.Slug == CampaignSeed.PasDeVsaSlug);
        async Task SetAsync(string subject, string template)
        {
            var campaign = await CampaignAsync();
            (campaign.LetterSubject, campaign.LetterTemplate) = (subject, template);
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        try
        {
            await SetAsync(CampaignSeed.LegacyLetterSubject, CampaignSeed.LegacyLetterTemplate.Replace("\n", "\r\n", StringComparison.Ordinal));
            await CampaignSeed.SeedAsync(db, TimeProvider.System, CancellationToken.None);
            db.ChangeTracker.Clear();
            var upgraded = await CampaignAsync();
            Assert.Equal(CampaignSeed.LetterTemplate, upgraded.LetterTemplate);
            Assert.Equal(CampaignSeed.LetterSubject, upgraded.LetterSubject);

            var rewritten = CampaignSeed.LegacyLetterTemplate.Replace("notre considération", "notre haute considération", StringComparison.Ordinal);
            await SetAsync("Notre objet à {territoire}", rewritten);
            await CampaignSeed.SeedAsync(db, TimeProvider.System, CancellationToken.None);
            db.ChangeTracker.Clear();
            Assert.Equal(rewritten, (await CampaignAsync()).LetterTemplate);
            Assert.Equal("Notre objet à {territoire}", (await CampaignAsync()).LetterSubject);
        }
        finally
        {
            db.ChangeTracker.Clear();
            await SetAsync(CampaignSeed.LetterSubject, CampaignSeed.LetterTemplate);
        }
    }
}
