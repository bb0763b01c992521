using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Contrevue.Features.Observatoire;
using Contrevue.Tests.Features.Observatoire.Files;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Hardening;

/// <summary>A browser session as the site's own pages and scripts hold it: its cookies and an antiforgery token.</summary>
public sealed record BrowserSession(string UserId, string Email, FormSession Form, string AntiforgeryToken)
{
    public HttpClient Client => Form.Client;

    /// <summary>A JSON write as the site's own JavaScript sends it: the session cookie and the page's token in the header.</summary>
    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.Add("RequestVerificationToken", AntiforgeryToken);
        return Client.SendAsync(request);
    }
}

/// <summary>What the hardening tests of authorisation build: sessions signed in one way or another, private and hidden things.</summary>
public static partial class AuthorizationWorld
{
    /// <summary>A new account of the role, signed in with its password only (no TOTP set up).</summary>
    public static async Task<(BrowserSession Session, string Token)> SignInWithPasswordOnlyAsync(AppFactory app, string role)
    {
        var (user, token) = await TestAccounts.CreateWithTokenAsync(app, role);
        var form = new FormSession(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
        var signedIn = await form.SubmitAsync("/connexion", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // The TOTP set-up page is open to every signed-in account, second factor or not.
        var page = await form.Client.GetStringAsync("/compte/double-authentification");
        return (new BrowserSession(user.Id, user.Email!, form, TokenOf(page)), token);
    }

    /// <summary>Sets TOTP up in the session, as a moderator does on first sign-in: the session then counts as multi-factor.</summary>
    public static async Task EnrolTotpAsync(BrowserSession session)
    {
        var setup = await session.Client.GetStringAsync("/compte/double-authentification");
        var key = SharedKey().Match(setup);
        Assert.True(key.Success, "no TOTP key on the set-up page");
        var enabled = await session.Form.SubmitAsync("/compte/double-authentification", new Dictionary<string, string> { ["Code"] = FormSession.TotpCode(key.Groups[1].Value) });
        Assert.Contains("codes de secours", HtmlText.Visible(await enabled.Content.ReadAsStringAsync()));
    }

    public static string TokenOf(string page)
    {
        var token = Antiforgery().Match(page);
        Assert.True(token.Success, "no antiforgery token on the page");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>A dossier (with one source citing <paramref name="fileSha256"/>, if given); returns its id.</summary>
    public static async Task<int> CreateDossierAsync(AppFactory app, string title, bool hidden, string? fileSha256 = null, bool hideSource = false)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var at = new DateTime(2026, 1, 15, 8, 0, 0, DateTimeKind.Utc);
        var dossier = new Dossier
        {
            Slug = "vsa-matrice",
            Title = title,
            AuthorityName = "Commune d'Ambérieu-en-Bugey",
            // A commune no other test looks at: its page and campaign status stay theirs.
            TerritoryKind = Contrevue.Features.Territories.TerritoryKind.Commune,
            TerritoryCode = "01004",
            IsHidden = hidden,
            CreatedAt = at,
            UpdatedAt = at,
            Sources = fileSha256 is null ? [] :
            [
                new Source { Title = "Délibération", FileSha256 = fileSha256, IsHidden = hideSource, CreatedAt = at },
            ],
        };
        db.Add(dossier);
        await db.SaveChangesAsync();
        return dossier.Id;
    }

    /// <summary>Stores bytes as an upload would, without anything citing them; returns their SHA-256.</summary>
    public static async Task<string> StoreFileAsync(AppFactory app, string mark)
    {
        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<Contrevue.Infrastructure.Files.SourceFileStore>();
        await using var content = new MemoryStream(TestFiles.Pdf(mark));
        var stored = await store.StoreAsync(content, "document.pdf", content.Length, default);
        Assert.True(stored.Succeeded, stored.Error);
        return stored.File!.Sha256;
    }

    /// <summary>A private procedure of the member's collective with one uploaded document: its id, the document's URL and SHA-256.</summary>
    public static async Task<(int Id, string DocumentUrl, string Sha256)> PrivateProcedureWithDocumentAsync(
        AppFactory app, HttpClient memberApi, FormSession memberBrowser, int collectiveId)
    {
        var created = await memberApi.PostAsJsonAsync("/api/v1/procedures", new
        {
            collectiveId, kind = "cada-request", title = "Convention confidentielle", authorityName = "Mairie de Testville",
            departementCode = "42", subject = "La convention signée avec le fournisseur.", startOn = "2025-03-03",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();

        var page = await memberBrowser.Client.GetStringAsync($"/procedures/{id}");
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(TokenOf(page)), "__RequestVerificationToken" },
            { new StringContent("Réponse de la mairie"), "DocumentTitle" },
            { new StringContent("true"), "DocumentReceived" },
            // Unique bytes: files are stored by content.
            { new ByteArrayContent(TestFiles.Pdf($"privé {Guid.NewGuid():N}")), "DocumentFile", "reponse.pdf" },
        };
        var uploaded = await memberBrowser.Client.PostAsync($"/procedures/{id}?handler=Document", upload);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        using var detail = JsonDocument.Parse(await memberApi.GetStringAsync($"/api/v1/procedures/{id}"));
        var url = detail.RootElement.GetProperty("documents")[0].GetProperty("url").GetString()!;
        var bytes = await memberApi.GetByteArrayAsync(url);
        return (id, url, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<code class=\"secret\">([a-z0-9 ]+)</code>")]
    private static partial Regex SharedKey();
}
