using Contrevue.Infrastructure.Security;
using System.Net;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Procedures;
using Contrevue.Tests.Features.Procedures;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>
/// Every endpoint and page of the app, as its own endpoint data source lists them, sent by each kind of
/// caller, against the status its access class promises. A new endpoint has no row: the test fails and
/// says which row to add. Writes are sent in a harmless form (an empty or invalid body): an authorised
/// caller gets 400 or the page again, the others 401/403/404, so the matrix checks who passes, not what
/// the handler does. The rows live in <see cref="AuthorizationMatrix"/>.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class AuthorizationMatrixTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_its_access_class_says(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database,
            // The matrix checks authorisation; the per-client limits of public writes are tested on their own.
            new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "10000", ["Abuse:VerifiedPerMinute"] = "10000" },
            ownsDatabase: false);
        var world = await MatrixWorld.CreateAsync(app);

        var endpoints = await EnumerateAsync(app);
        var rows = AuthorizationMatrix.Rows(world);
        var missing = endpoints.Keys.Except(rows.Select(r => r.Key)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0,
            "Endpoints without a row in AuthorizationMatrix.Rows — add one per line, with its access class " +
            $"({string.Join(", ", AuthorizationMatrix.Classes.Keys)}):{Environment.NewLine}" +
            string.Join(Environment.NewLine, missing.Select(k => $"    new(\"{k.Split(' ', 2)[0]}\", \"{k.Split(' ', 2)[1]}\", \"<class>\"),")));
        var stale = rows.Select(r => r.Key).Except(endpoints.Keys).ToList();
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist — remove them: " + string.Join(", ", stale));
        var duplicated = rows.GroupBy(r => r.Key + " " + r.PathOrPattern).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicated.Count == 0, "Rows given twice: " + string.Join(", ", duplicated));

        var failures = new List<string>();
        foreach (var row in rows)
        {
            if (row.NotSent is not null)
            {
                continue;
            }
            var expected = AuthorizationMatrix.Expected(row);
            foreach (var caller in world.Callers)
            {
                using var response = await SendAsync(caller, row, endpoints[row.Key]);
                var outcome = Classify(response);
                if (outcome == Outcome.ServerError || (expected[caller.Who] & outcome) == 0)
                {
                    failures.Add($"{row.Key} [{row.Access}] as {caller.Who}: expected {expected[caller.Who]}, got {(int)response.StatusCode} {response.Headers.Location} ({outcome})");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} answers differ from the matrix:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>"GET /x/{id:int}", "POST /x?handler=Name": minimal endpoints by their methods, pages by their handlers.</summary>
    /// <returns>Each endpoint's key, and whether it is a Razor page (which takes forms).</returns>
    private static async Task<Dictionary<string, bool>> EnumerateAsync(AppFactory app)
    {
        var keys = new Dictionary<string, bool>(StringComparer.Ordinal);
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                keys[$"GET {pattern}"] = true;
                foreach (var handler in compiled.HandlerMethods.Where(h => !string.Equals(h.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase) || h.Name is not null))
                {
                    keys[$"{handler.HttpMethod.ToUpperInvariant()} {pattern}{(handler.Name is null ? "" : "?handler=" + handler.Name)}"] = true;
                }
                continue;
            }
            if (IsStaticAsset(endpoint))
            {
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
            {
                keys[$"{method} {pattern}"] = false;
            }
        }
        return keys;
    }

    /// <summary>The files of wwwroot, served to anyone by MapStaticAssets (they carry no route values).</summary>
    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName?.Contains("StaticAsset", StringComparison.Ordinal) == true);

    private static async Task<HttpResponseMessage> SendAsync(Caller caller, MatrixRow row, bool isPage)
    {
        var method = row.Method == "*" ? "GET" : row.Method;
        var request = new HttpRequestMessage(new HttpMethod(method), row.PathOrPattern);
        if (method is not ("GET" or "HEAD"))
        {
            if (isPage)
            {
                var fields = new List<KeyValuePair<string, string>>();
                if (caller.AntiforgeryToken is { } token)
                {
                    fields.Add(new("__RequestVerificationToken", token));
                }
                foreach (var pair in (row.Body ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
                {
                    var parts = pair.Split('=', 2);
                    fields.Add(new(parts[0], parts.Length > 1 ? parts[1] : ""));
                }
                request.Content = new FormUrlEncodedContent(fields);
            }
            else
            {
                request.Content = new StringContent(row.Body ?? "{}", Encoding.UTF8, "application/json");
                if (caller.AntiforgeryToken is { } token)
                {
                    // As the site's own scripts send it (wwwroot/js/passkeys.js).
                    request.Headers.Add("RequestVerificationToken", token);
                }
            }
        }
        return await caller.Client.SendAsync(request);
    }

    private static Outcome Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location;
            var path = location is null ? "" : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?', 2)[0];
            return path switch
            {
                "/connexion" => Outcome.Login,
                "/acces-refuse" => Outcome.Forbidden,
                "/compte/double-authentification" => Outcome.SecondFactor,
                _ => Outcome.Ok,
            };
        }
        return status switch
        {
            < 300 => Outcome.Ok,
            401 => Outcome.Login,
            403 => Outcome.Forbidden,
            404 => Outcome.NotFound,
            >= 500 => Outcome.ServerError,
            // Authorised, then the (deliberately harmless) input refused: 400, 409, 413, 415, 422; or a rate limit.
            _ => Outcome.Rejected,
        };
    }
}

[Flags]
public enum Outcome
{
    None = 0,
    /// <summary>2xx, or a redirect elsewhere than to sign-in, access denied or the TOTP set-up.</summary>
    Ok = 1,
    /// <summary>Authorised, the harmless input refused (400, 409, 413, 415, 422, 429).</summary>
    Rejected = 2,
    /// <summary>401, or a redirect to /connexion.</summary>
    Login = 4,
    /// <summary>403, or a redirect to /acces-refuse.</summary>
    Forbidden = 8,
    /// <summary>404: as for what does not exist.</summary>
    NotFound = 16,
    /// <summary>A redirect to the TOTP set-up (admins and moderators signed in without a second factor).</summary>
    SecondFactor = 32,
    ServerError = 64,
    Allowed = Ok | Rejected,
}

public enum Who { Anonymous, OtherMember, Member, ModeratorWithoutTotp, Moderator, Admin, MemberToken, ModeratorToken }

/// <summary>One caller: a browser session (with its antiforgery token, as the site's pages give it) or an API token.</summary>
public sealed record Caller(Who Who, HttpClient Client, string? AntiforgeryToken);

/// <param name="Path">The pattern with real route values; the pattern itself when it has none.</param>
/// <param name="Body">JSON for minimal endpoints ("{}" when null); form fields "a=b&amp;c=d" for pages.</param>
/// <param name="Override">Per-caller exceptions to the class, "moderator=N admin=N".</param>
/// <param name="NotSent">Why the row is listed but not sent (it would end the caller's session, say).</param>
public sealed record MatrixRow(string Method, string Pattern, string Access, string? Path = null, string? Body = null, string? Override = null, string? NotSent = null)
{
    public string Key => $"{Method} {Pattern}";

    public string PathOrPattern => Path ?? Pattern;
}

/// <summary>The ids the rows' paths are made of: created by the test, on the test's database.</summary>
public sealed record MatrixWorld(
    IReadOnlyList<Caller> Callers, int CollectiveId, int OtherCollectiveId, int ProcedureId, int DocumentId, int SeriesId,
    int PublicDossierId, string PublicDossierKey, int HiddenDossierId, string PublishedSha, string PrivateSha, string VendorSlug,
    int ContactProposalId, int ResponseProposalId, int DossierProposalId, int SourceProposalId, int EventProposalId)
{
    public static async Task<MatrixWorld> CreateAsync(AppFactory app)
    {
        var anonymousSession = new FormSession(app.CreateBrowserlessClient());
        var anonymousToken = AuthorizationWorld.TokenOf(await anonymousSession.Client.GetStringAsync("/connexion"));
        var collective = await ProcedureWorld.CreateCollectiveAsync(app);
        var otherCollective = await ProcedureWorld.CreateCollectiveAsync(app);
        var member = await ProcedureWorld.MemberAsync(app, collective);
        var other = await ProcedureWorld.MemberAsync(app, otherCollective);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var (withoutTotp, _) = await AuthorizationWorld.SignInWithPasswordOnlyAsync(app, Roles.Moderator);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        async Task<string> TokenOfSession(FormSession session) =>
            AuthorizationWorld.TokenOf(await session.Client.GetStringAsync("/compte/double-authentification"));

        var callers = new List<Caller>
        {
            new(Who.Anonymous, anonymousSession.Client, anonymousToken),
            new(Who.OtherMember, other.Browser.Client, await TokenOfSession(other.Browser)),
            new(Who.Member, member.Browser.Client, await TokenOfSession(member.Browser)),
            new(Who.ModeratorWithoutTotp, withoutTotp.Client, withoutTotp.AntiforgeryToken),
            new(Who.Moderator, moderator.Client, await TokenOfSession(moderator)),
            new(Who.Admin, admin.Client, await TokenOfSession(admin)),
            new(Who.MemberToken, member.Api, null),
            new(Who.ModeratorToken, TestAccounts.ClientWithToken(app, moderatorToken), null),
        };

        var (procedureId, documentUrl, privateSha) = await AuthorizationWorld.PrivateProcedureWithDocumentAsync(app, member.Api, member.Browser, collective);
        var documentId = int.Parse(documentUrl.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var publishedSha = await AuthorizationWorld.StoreFileAsync(app, $"matrice {Guid.NewGuid():N}");
        var publicDossier = await AuthorizationWorld.CreateDossierAsync(app, "Dossier public de la matrice", hidden: false, publishedSha);
        var hiddenDossier = await AuthorizationWorld.CreateDossierAsync(app, "Dossier masqué de la matrice", hidden: true);
        int seriesId;
        var vendorSlug = $"fournisseur-{Guid.NewGuid():N}"[..24];
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var series = new ProcedureSeries { CollectiveId = collective, Title = "Série de la matrice", CreatedAt = DateTime.UnixEpoch };
            db.Add(series);
            db.Add(new Vendor { Slug = vendorSlug, Name = vendorSlug, MatchName = vendorSlug });
            await db.SaveChangesAsync();
            seriesId = series.Id;
        }

        var anonymous = app.CreateBrowserlessClient();
        async Task<int> ProposedAsync(string path, object body)
        {
            var response = await anonymous.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        }
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var contactProposal = await ProposedAsync("/api/v1/proposals", new { kind = "territory-contact", territory = "42095", data = new { mayor = "Matrice" }, source = "https://www.annuaire-mairie.example/firminy" });
        var responseProposal = await ProposedAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/responses",
            new { territory = "42095", respondedOn = today, kind = "committed", sourceUrl = "https://example.org/reponse" });
        var dossierProposal = await ProposedAsync("/api/v1/dossier-proposals", new
        {
            dossier = new
            {
                title = "Drones de la matrice", authority = new { kind = "commune", code = "42095" }, technologies = new[] { "drones" },
                status = "announced", statusSince = "2025-09-01",
                sources = new[] { new { kind = "article", title = "Des drones", url = "https://example.org/drones" } },
            },
        });
        var sourceProposal = await ProposedAsync($"/api/v1/dossiers/{publicDossier}/source-proposals",
            new { source = new { kind = "article", title = "Un article", url = "https://example.org/article" } });
        int eventProposal;
        using (var scope = app.Services.CreateScope())
        {
            var proposals = scope.ServiceProvider.GetRequiredService<Contrevue.Features.Events.Proposals.EventProposals>();
            var (accepted, errors) = await proposals.ProposeAsync(
                new Contrevue.Features.Events.EventInput("Réunion de la matrice", "information-meeting", null, "2027-06-10T18:30", "2027-06-10T20:00", null, null,
                    false, null, new Contrevue.Features.Events.EventPlaceInput(null, "42095"), null, null, null, null),
                null, "matrice@example.org", "http://localhost", CancellationToken.None);
            Assert.True(accepted is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")));
            eventProposal = accepted.Id;
        }

        return new MatrixWorld(callers, collective, otherCollective, procedureId, documentId, seriesId,
            publicDossier, $"{publicDossier}-vsa-matrice", hiddenDossier, publishedSha, privateSha, vendorSlug,
            contactProposal, responseProposal, dossierProposal, sourceProposal, eventProposal);
    }
}
