using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Batch;
using Contrevue.Features.Territories;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Campaigns;

[Collection(AppsCollection.Name)]
public sealed class LetterBatchTests(TestApps apps)
{
    private const string Url = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letter-batches";
    private const string Paragraph =
        "Notre collectif rassemble des habitantes et habitants de toute la Loire : nous refusons que nos rues deviennent le terrain d'essai de logiciels de surveillance.";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_Loire_batch_holds_one_pdf_per_commune_and_the_addressees_csv(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var communes = await CommunesAsync(app, c => c.DepartementCode == "42");
        // A whole département is for accountable people (Hardening/LetterBatchCostTests): a member's token.
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Member);

        var response = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync(Url, new
        {
            departement = "42", senderName = "VSA Non Merci Loire", senderKind = "collective", personalParagraph = Paragraph, registered = true,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("lettres-loire.zip", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var pdfs = zip.Entries.Where(e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal)).Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(320, communes.Count); // the bundled territory data (COG) is loaded in tests
        Assert.Equal(communes.Count, pdfs.Count);
        Assert.Contains("42218-saint-etienne.pdf", pdfs);
        Assert.Equal(communes.Count + 1, zip.Entries.Count);

        var rows = ReadCsv(zip.GetEntry(LetterBatchComposer.CsvFileName)!);
        Assert.Equal(LetterBatchComposer.CsvHeader, rows[0]);
        Assert.Equal(communes.Count, rows.Count - 1);
        Assert.Equal(pdfs, rows.Skip(1).Select(r => r[9]).Order(StringComparer.Ordinal));
        Assert.Equal(communes.Select(c => c.Code), rows.Skip(1).Select(r => r[0]));
        var saintEtienne = rows.Single(r => r[0] == "42218");
        Assert.Equal("Saint-Étienne", saintEtienne[1]);
        Assert.Equal("Mairie de Saint-Étienne", saintEtienne[3]);
        Assert.Matches("^42[0-9]{3}$", saintEtienne[6]);
        Assert.Equal("42218-saint-etienne.pdf", saintEtienne[9]);

        await using var pdf = await zip.GetEntry("42218-saint-etienne.pdf")!.OpenAsync();
        using var bytes = new MemoryStream();
        await pdf.CopyToAsync(bytes);
        var text = System.Text.RegularExpressions.Regex.Replace(LetterRenderingTests.PdfToText(bytes.ToArray()), @"\s+", " ");
        Assert.Contains("Mairie de Saint-Étienne", text);
        Assert.Contains(Paragraph, text);
        Assert.Contains("recommandée", text);
        Assert.Contains("Pour le collectif VSA Non Merci Loire", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_EPCI_batch_writes_to_its_member_communes(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var siren = await WithDbAsync(app, db => db.Set<Commune>().Where(c => c.Code == "42218").Select(c => c.EpciSiren).SingleAsync());
        Assert.NotNull(siren);
        var members = await CommunesAsync(app, c => c.EpciSiren == siren);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Member);

        var response = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync(Url, new { epci = siren, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        var rows = ReadCsv(zip.GetEntry(LetterBatchComposer.CsvFileName)!);
        Assert.Equal(members.Select(c => c.Code), rows.Skip(1).Select(r => r[0]));
        Assert.True(members.Count > 10, $"{members.Count} communes");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_hand_picked_list_takes_codes_and_names(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync(Url, new
        {
            territories = new[] { "42218", "Montbrison", "  42218 " }, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(["42147-montbrison.pdf", "42218-saint-etienne.pdf", LetterBatchComposer.CsvFileName], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    public static TheoryData<DatabaseProvider, string, object, HttpStatusCode, string> Mistakes()
    {
        var data = new TheoryData<DatabaseProvider, string, object, HttpStatusCode, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "unknown commune", new { territories = new[] { "42218", "Saint-Nulle-Part-sur-Loire" }, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.BadRequest, "Commune inconnue : Saint-Nulle-Part-sur-Loire");
            data.Add(provider, "unknown code", new { territories = new[] { "42999" }, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.BadRequest, "Commune inconnue : 42999");
            data.Add(provider, "no selector", new { senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.BadRequest, "Choisissez les communes");
            data.Add(provider, "two selectors", new { departement = "42", epci = "244200770", senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.BadRequest, "Un seul choix");
            data.Add(provider, "unknown département", new { departement = "99", senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.BadRequest, "Département inconnu");
            data.Add(provider, "too many for the public", new { territories = Enumerable.Range(10_000, 21).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph }, HttpStatusCode.Forbidden, "20 communes au plus");
            data.Add(provider, "short paragraph", new { territories = new[] { "42218" }, senderName = "Camille", senderKind = "individual", personalParagraph = "Trop court." }, HttpStatusCode.BadRequest, "au moins 80 caractères");
            data.Add(provider, "100 KB", new { departement = "42", senderName = "Camille", senderKind = "individual", personalParagraph = new string('a', 100_000) }, HttpStatusCode.RequestEntityTooLarge, "trop");
        }
        return data;
    }

    [Theory, MemberData(nameof(Mistakes))]
    public async Task Mistakes_get_a_French_4xx_never_a_500(DatabaseProvider provider, string mistake, object body, HttpStatusCode expected, string message)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var response = await app.CreateBrowserlessClient().PostAsync(Url, content);

        Assert.True(expected == response.StatusCode, $"{mistake}: {response.StatusCode}");
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Even_a_member_asks_for_a_thousand_communes_at_most(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Contrevue.Infrastructure.Security.Roles.Member);

        var response = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync(Url, new
        {
            territories = Enumerable.Range(10_000, 1_001).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(), senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Trop de communes : 1", await response.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_batch_page_works_without_javascript_and_the_campaign_page_leads_to_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var visitor = new FormSession(app.CreateBrowserlessClient());
        const string page = "/campagnes/pas-de-vsa-dans-ma-ville/lettres-groupees";
        Assert.Contains($"href=\"{page}\"", await visitor.Client.GetStringAsync("/campagnes/pas-de-vsa-dans-ma-ville"));

        var refused = await visitor.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Communes"] = "42218\nSaint-Nulle-Part-sur-Loire", ["SenderName"] = "Collectif Loire", ["SenderKind"] = "collective", ["PersonalParagraph"] = Paragraph,
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Commune inconnue : Saint-Nulle-Part-sur-Loire", HtmlText.Visible(refusedHtml));
        Assert.Contains("<label for=\"communes\">", refusedHtml);

        var download = await visitor.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Communes"] = "42218\r\nMontbrison", ["SenderName"] = "Collectif Loire", ["SenderKind"] = "collective", ["PersonalParagraph"] = Paragraph,
        });
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(3, zip.Entries.Count);
    }

    private static List<string[]> ReadCsv(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 with BOM, for spreadsheets
        using var reader = CsvReader.FromText(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3), new CsvReaderOptions { Separator = ';', HasHeader = false });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }
        return rows;
    }

    private static Task<List<Commune>> CommunesAsync(AppFactory app, System.Linq.Expressions.Expression<Func<Commune, bool>> filter) =>
        WithDbAsync(app, db => db.Set<Commune>().AsNoTracking().Where(c => c.Kind == CommuneKind.Commune).Where(filter).OrderBy(c => c.Code).ToListAsync());

    private static async Task<T> WithDbAsync<T>(AppFactory app, Func<ContrevueDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }
}
