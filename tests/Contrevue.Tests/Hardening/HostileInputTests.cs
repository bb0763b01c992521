using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Class 8 of the hardening issue: text that no honest client sends (Unicode noncharacters, control
/// characters, lone surrogates), crafted cursors, non-boolean checkboxes and e-mail headers get a
/// French 400 naming the field, never a 500, never a forged log line, never a half-written proposal.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class HostileInputTests(TestApps apps)
{
    private const string Campaign = "pas-de-vsa-dans-ma-ville";
    private const string Paragraph =
        "J'habite le quartier de Bellevue depuis vingt ans ; je refuse que mes enfants grandissent sous l'œil d'algorithmes qui décident de ce qui est « normal ».";

    public static TheoryData<DatabaseProvider, string> SearchUrls()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var url in new[]
            {
                "/api/v1/communes?q=", "/api/v1/vendors?q=", "/api/v1/dossiers?q=", "/api/v1/dossiers.csv?q=",
                "/recherche/suggestions?q=", "/recherche?q=", "/observatoire?q=", $"/campagnes/{Campaign}/collectivites?q=",
            })
            {
                data.Add(provider, url);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(SearchUrls))]
    public async Task A_noncharacter_in_a_search_is_refused_in_French_naming_q(DatabaseProvider provider, string url)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().GetAsync(url + Uri.EscapeDataString("Saint\uFFFEÉtienne"));

        await AssertRefusedAsync(response, "q");
    }

    /// <summary>Built in the test, not passed as theory data: xUnit would turn a lone surrogate into U+FFFD on the way.</summary>
    private static readonly Dictionary<string, string> TitlesByKind = new()
    {
        ["U+FFFE"] = "VSA\uFFFE à Saint-Étienne",
        ["U+FFFF"] = "VSA à Saint-Étienne\uFFFF",
        ["U+FDD0"] = "VSA\uFDD0",
        ["U+1FFFE"] = "VSA \U0001FFFE",
        ["lone surrogate"] = "VSA \uD800 à Saint-Étienne",
        ["lone low surrogate"] = "VSA \uDC00",
        ["bell"] = "VSA\u0007",
        ["C1 control"] = "VSA\u0085",
    };

    public static TheoryData<DatabaseProvider, string> HostileTitles()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var kind in TitlesByKind.Keys)
            {
                data.Add(provider, kind);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(HostileTitles))]
    public async Task A_dossier_title_with_forbidden_characters_is_refused_naming_the_field(DatabaseProvider provider, string kind)
    {
        var title = TitlesByKind[kind];
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        // Written by hand: a JSON serializer would replace a lone surrogate with U+FFFD, a hostile client does not.
        var json = JsonSerializer.Serialize(Features.Observatoire.DossierApiTests.VsaDossier("TITRE")).Replace("\"TITRE\"", $"\"{JsonEscaped(title)}\"", StringComparison.Ordinal);
        var response = await moderator.PostAsync("/api/v1/dossiers", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertRefusedAsync(response, "title");
    }

    private static string JsonEscaped(string text) =>
        string.Concat(text.Select(c => c is < ' ' or > '~' or '"' or '\\' ? $"\\u{(int)c:x4}" : c.ToString()));

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Vendor_and_authority_names_with_noncharacters_are_refused(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        var vendor = await moderator.PostAsJsonAsync("/api/v1/dossiers", new
        {
            title = "Caméras",
            authority = new { kind = "commune", code = "42218" },
            technologies = new[] { "vsa" },
            status = "announced",
            vendors = new[] { new { name = "Vision\uFFFF SAS" } },
            sources = new[] { new { kind = "article", title = "Article", url = "https://example.org/a" } },
        });
        await AssertRefusedAsync(vendor, "vendors[0].name");

        var authority = await moderator.PostAsJsonAsync("/api/v1/dossiers", new
        {
            title = "Caméras",
            authority = new { kind = "other", name = "RATP\uFFFE" },
            territory = "42218",
            technologies = new[] { "vsa" },
            status = "announced",
            sources = new[] { new { kind = "article", title = "Article", url = "https://example.org/a" } },
        });
        await AssertRefusedAsync(authority, "authority.name");
    }

    public static TheoryData<DatabaseProvider, string> LetterFields()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            foreach (var field in new[] { "territory", "senderName", "senderKind", "senderCity", "senderAddress", "personalParagraph", "format" })
            {
                data.Add(provider, field);
            }
        }
        return data;
    }

    [Theory, MemberData(nameof(LetterFields))]
    public async Task A_noncharacter_in_any_field_of_a_DOCX_letter_is_refused_naming_it(DatabaseProvider provider, string field)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var letter = new Dictionary<string, object>
        {
            ["territory"] = "42218",
            ["senderName"] = "Camille Dupont",
            ["senderKind"] = "individual",
            ["senderCity"] = "Saint-Étienne",
            ["senderAddress"] = "1 rue de la Paix",
            ["personalParagraph"] = Paragraph,
            ["format"] = "docx",
        };
        letter[field] = letter[field] + "\uFFFE";

        var response = await app.CreateBrowserlessClient().PostAsJsonAsync($"/api/v1/campaigns/{Campaign}/letters", letter);

        await AssertRefusedAsync(response, field);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_CSV_export_and_the_feed_are_refused_before_they_start_or_written_whole(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        // A filter read only while rows are written used to cut the file after its 200.
        foreach (var filter in new[] { "vendor", "q" })
        {
            await AssertRefusedAsync(await client.GetAsync($"/api/v1/dossiers.csv?{filter}=Vision{Uri.EscapeDataString("\uFFFE")}"), filter);
        }

        // Text stored before the input rule (or imported) still gives a whole file.
        var ids = new List<int>();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            foreach (var title in new[] { "Avant", "Caméras\uFFFE\uFFFF cachées", "Après" })
            {
                var dossier = new Dossier
                {
                    Slug = "ancien", Title = title, AuthorityName = "L'Abergement-Clémenciat\uFFFF", AuthorityKind = AuthorityKind.Commune,
                    AuthorityCode = "01001", TerritoryKind = Contrevue.Features.Territories.TerritoryKind.Commune, TerritoryCode = "01001", CommuneCode = "01001",
                    DepartementCode = "01", RegionCode = "84", Technologies = Technology.Vsa, Status = DossierStatus.Announced, CreatedAt = now, UpdatedAt = now,
                };
                db.Add(dossier);
                await db.SaveChangesAsync();
                ids.Add(dossier.Id);
            }
        }

        var response = await client.GetAsync("/api/v1/dossiers.csv?commune=01001");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var id in ids)
        {
            Assert.Contains(lines, line => line.StartsWith($"{id};", StringComparison.Ordinal));
        }
        Assert.Contains(lines, line => line.Contains("Caméras", StringComparison.Ordinal) && line.Contains("cachées", StringComparison.Ordinal));
        // Found by the fuzzer: the Atom feed (XML) broke on such a title.
        var feed = await client.GetAsync("/observatoire/flux.atom?commune=01001");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Contains("cachées", await feed.Content.ReadAsStringAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_route_value_of_white_space_only_is_not_found_not_a_500(DatabaseProvider provider)
    {
        // Found by FuzzingTests: bound as null, the key crashed the territory pages.
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();

        foreach (var url in new[] { "/communes/%20", "/departements/%20", "/regions/%20", "/epci/%20", "/observatoire/dossiers/%20", "/campagnes/%20%20" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }
    }

    public static TheoryData<DatabaseProvider, string, string> CraftedCursors()
    {
        static string Cursor(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
        var data = new TheoryData<DatabaseProvider, string, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "recent", Cursor("""{"s":"recent","n":9223372036854775807,"i":1}"""));
            data.Add(provider, "recent", Cursor("""{"s":"recent","n":-5,"i":1}"""));
            data.Add(provider, "status-date", Cursor("""{"s":"status-date","n":99999999999,"i":1}"""));
            data.Add(provider, "cameras", Cursor("""{"s":"cameras","n":99999999999,"i":1}"""));
            data.Add(provider, "title", Cursor("""{"s":"title","t":"\ufffe","i":1}"""));
            data.Add(provider, "title", Cursor("""{"s":"title","t":"\ud800","i":1}"""));
            data.Add(provider, "id", Cursor("""{"s":"id","i":"un"}"""));
            data.Add(provider, "budget", Cursor("""{"s":"budget","n":1e400,"i":1}"""));
            data.Add(provider, "id", new string('A', 20_000));
            data.Add(provider, "id", "%%%");
        }
        return data;
    }

    [Theory, MemberData(nameof(CraftedCursors))]
    public async Task A_crafted_cursor_is_refused_as_invalid_in_French(DatabaseProvider provider, string sort, string cursor)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);

        var response = await app.CreateBrowserlessClient().GetAsync($"/api/v1/dossiers?sort={sort}&cursor={Uri.EscapeDataString(cursor)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Curseur invalide", problem.RootElement.GetProperty("errors").GetProperty("cursor")[0].GetString());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_non_boolean_checkbox_with_a_line_break_is_a_French_400_and_forges_no_log_line(DatabaseProvider provider)
    {
        // As an operator chasing a problem would run it: the framework's own Debug lines included.
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug" }, ownsDatabase: false);
        var session = new FormSession(app.CreateBrowserlessClient());
        const string Forged = "Critical Contrevue.Accounts: administrateur FORGEDLINE connecté";
        var url = $"/campagnes/{Campaign}/envoi?territoire=42218";

        var sent = await session.SubmitAsync(url, new Dictionary<string, string>
        {
            ["SentOn"] = "2025-01-15",
            ["Channel"] = "email",
            ["FollowUpConsent"] = "oui\r\n" + Forged,
        });
        var composed = await session.SubmitAsync($"/campagnes/{Campaign}/lettre?territoire=42218", new Dictionary<string, string>
        {
            ["SenderName"] = "Camille",
            ["PersonalParagraph"] = Paragraph,
            ["Registered"] = "peut-être\n" + Forged,
            ["Format"] = "docx",
        });
        var query = await session.Client.GetAsync($"/campagnes/{Campaign}/envoi?territoire=42218&enregistre={Uri.EscapeDataString("true\r\n" + Forged)}");

        foreach (var (response, field) in new[] { (sent, "FollowUpConsent"), (composed, "Registered"), (query, "enregistre") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = HtmlText.Visible(await response.Content.ReadAsStringAsync());
            Assert.Contains($"« {field} »", text);
            Assert.DoesNotContain("FORGEDLINE", text);
        }
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("\n" + Forged, StringComparison.Ordinal) || line.Contains("\r" + Forged, StringComparison.Ordinal));
    }

    public static TheoryData<DatabaseProvider, string> HeaderEmails()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in TestDatabases.Providers)
        {
            data.Add(provider, "Bcc: victime@example.org");
            data.Add(provider, "camille@example.org\r\nBcc: victime@example.org");
            data.Add(provider, "camille@example.org, victime@example.org");
            data.Add(provider, "camille@example.org; victime@example.org");
            data.Add(provider, "Camille <camille@example.org>");
        }
        return data;
    }

    [Theory, MemberData(nameof(HeaderEmails))]
    public async Task An_email_field_holding_a_header_is_refused_and_leaves_no_orphan_proposal(DatabaseProvider provider, string email)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        var note = $"note {Guid.NewGuid():N}";

        var dossier = await client.PostAsJsonAsync("/api/v1/dossier-proposals", new
        {
            dossier = new
            {
                title = "Drones au-dessus du marché",
                authority = new { kind = "commune", code = "42095" },
                technologies = new[] { "drones" },
                status = "announced",
                statusSince = "2025-09-01",
                sources = new[] { new { kind = "article", title = "Des drones pour le marché", url = "https://example.org/drones" } },
            },
            contributorEmail = email,
            note,
        });
        var contact = await client.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = Contrevue.Features.Contacts.ContactProposals.Kind,
            territory = "42218",
            data = new { mayor = "Gaël Perdriau" },
            source = "https://www.saint-etienne.fr/",
            contributorEmail = email,
            note,
        });

        foreach (var response in new[] { dossier, contact })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("e-mail", problem.RootElement.GetProperty("errors").GetProperty("contributorEmail")[0].GetString());
        }
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        Assert.Equal(0, await db.Set<Proposal>().CountAsync(p => p.Note == note));
    }

    /// <summary>A French 400 that names the field: problem details for the API, the error page for pages.</summary>
    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for « {field} »: {body[..Math.Min(body.Length, 600)]}");
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            using var problem = JsonDocument.Parse(body);
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), body);
            Assert.Contains("caractère", messages[0].GetString());
            Assert.Contains("refusé", problem.RootElement.GetProperty("title").GetString());
        }
        else
        {
            var text = HtmlText.Visible(body);
            Assert.Contains($"« {field} »", text);
            Assert.Contains("caractère", text);
        }
    }
}
