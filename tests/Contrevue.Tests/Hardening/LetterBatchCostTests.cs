using Contrevue.Infrastructure.Security;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 3: one anonymous request for a whole département cost 1.4 s of CPU and 15.6 MB of memory, and a
/// dozen of them, within the per-client limits, took the site down. Batches are bounded by their cost:
/// the public asks for a few communes, accounts for more, every render waits for a global permit, and the
/// ZIP goes out as its letters are made.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class LetterBatchCostTests(TestApps apps)
{
    private const string Url = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letter-batches";
    private const string Page = "/campagnes/pas-de-vsa-dans-ma-ville/lettres-groupees";
    private const string LetterUrl = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters";
    private const string Paragraph =
        "Notre collectif rassemble des habitantes et habitants de toute la Loire : nous refusons que nos rues deviennent le terrain d'essai de logiciels de surveillance.";

    private static object Departement(string code) =>
        new { departement = code, senderName = "VSA Non Merci Loire", senderKind = "collective", personalParagraph = Paragraph };

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_anonymous_batch_for_a_whole_departement_is_refused_in_French_on_the_api_and_the_page(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync(Url, Departement("42"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = await DetailAsync(response);
        Assert.Contains("20 communes", detail);
        Assert.Contains("membres d'un collectif", detail);

        var visitor = new FormSession(app.CreateBrowserlessClient());
        var page = await visitor.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Departement"] = "42", ["SenderName"] = "Collectif Loire", ["SenderKind"] = "collective", ["PersonalParagraph"] = Paragraph,
        });
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var text = HtmlText.Visible(await page.Content.ReadAsStringAsync());
        Assert.Contains("20 communes", text);
        Assert.Contains("membres d'un collectif", text);
        // The page says so before anyone tries.
        Assert.Contains("20 communes au plus sans compte", HtmlText.Visible(await visitor.Client.GetStringAsync(Page)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_anonymous_batch_of_twenty_communes_still_works(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var codes = await WithDbAsync(app, db => db.Set<Commune>().Where(c => c.Kind == CommuneKind.Commune && c.DepartementCode == "42")
            .OrderBy(c => c.Code).Select(c => c.Code).Take(20).ToListAsync());

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync(Url, new
        {
            territories = codes, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(21, zip.Entries.Count);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_asks_for_a_whole_departement_with_a_token_or_on_the_page(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);

        var response = await TestAccounts.ClientWithToken(app, token).PostAsJsonAsync(Url, Departement("42"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read))
        {
            Assert.Equal(320 + 1, zip.Entries.Count);
        }

        // Saint-Étienne Métropole: more communes than the public may ask for.
        var siren = await WithDbAsync(app, db => db.Set<Commune>().Where(c => c.Code == "42218").Select(c => c.EpciSiren).SingleAsync());
        var members = await WithDbAsync(app, db => db.Set<Commune>().CountAsync(c => c.Kind == CommuneKind.Commune && c.EpciSiren == siren));
        Assert.True(members > 20, $"{members} communes");
        var session = await TestAccounts.SignInWithTotpAsync(app, Roles.Member);
        var download = await session.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Epci"] = siren!, ["SenderName"] = "Collectif Loire", ["SenderKind"] = "collective", ["PersonalParagraph"] = Paragraph,
        });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var pageZip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync()), ZipArchiveMode.Read);
        Assert.Equal(members + 1, pageZip.Entries.Count);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_zip_streams_while_rendering_and_a_full_limiter_answers_503_with_retry_after(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, new Dictionary<string, string>
        {
            ["Abuse:ExpensiveWork:MaxConcurrent"] = "1",
            ["Abuse:ExpensiveWork:QueueLength"] = "0",
        }, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = JsonContent.Create(Departement("42")) };
        using var batch = await member.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        await using var body = await batch.Content.ReadAsStreamAsync();
        var head = new byte[4];
        await body.ReadExactlyAsync(head);
        Assert.Equal("PK\u0003\u0004"u8.ToArray(), head);

        // The first letters are out, the batch still holds the only permit: the next render waits for
        // nothing and hangs nobody, it is told to come back.
        var anonymous = app.CreateBrowserlessClient();
        var letter = await anonymous.PostAsJsonAsync(LetterUrl, new
        {
            territory = "42218", senderName = "Camille", senderKind = "individual", format = "pdf", personalParagraph = Paragraph,
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, letter.StatusCode);
        Assert.True(letter.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains("réessayez dans", await DetailAsync(letter));
        var small = await anonymous.PostAsJsonAsync(Url, new { territories = new[] { "42218", "42147" }, senderName = "Camille", senderKind = "individual", personalParagraph = Paragraph });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, small.StatusCode);
        Assert.True(small.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        var poster = await anonymous.GetAsync("/campagnes/pas-de-vsa-dans-ma-ville/affiches/42147-a4.pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, poster.StatusCode);

        using var rest = new MemoryStream();
        rest.Write(head);
        await body.CopyToAsync(rest);
        rest.Position = 0;
        using (var zip = new ZipArchive(rest, ZipArchiveMode.Read))
        {
            Assert.Equal(320 + 1, zip.Entries.Count);
            Assert.All(zip.Entries.Where(e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal)), e => Assert.True(e.Length > 1000, e.FullName));
        }

        // The permit is back once the ZIP is out.
        var after = await anonymous.PostAsJsonAsync(LetterUrl, new
        {
            territory = "42218", senderName = "Camille", senderKind = "individual", format = "pdf", personalParagraph = Paragraph,
        });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    private static async Task<T> WithDbAsync<T>(AppFactory app, Func<ContrevueDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }
}
