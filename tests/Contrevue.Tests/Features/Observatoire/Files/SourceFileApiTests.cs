using Contrevue.Infrastructure.Security;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Observatoire;
using Contrevue.Infrastructure.Files;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Files;

/// <summary>Uploads through the API and serving, on an instance of its own with a small upload cap.</summary>
[Collection(AppsCollection.Name)]
public sealed class SourceFileApiTests(TestApps apps)
{
    private const int MaxUploadBytes = 200_000;

    private async Task<AppFactory> AppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database,
            new Dictionary<string, string> { ["Observatoire:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ownsDatabase: false);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] content, string fileName, string contentType = "application/octet-stream")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/files", form);
    }

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement.Clone();
        Assert.Equal($"/fichiers/{root.GetProperty("sha256").GetString()}", response.Headers.Location?.OriginalString);
        Assert.Equal(response.Headers.Location?.OriginalString, root.GetProperty("url").GetString());
        return root;
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("detail").GetString()!;
    }

    /// <summary>A dossier with one source citing the file, both visible unless told otherwise.</summary>
    private static async Task PublishAsync(AppFactory app, string sha256, bool hideDossier = false, bool hideSource = false, bool asSnapshot = false)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var dossier = new Dossier
        {
            Slug = "vsa-test",
            Title = "VSA à Testville",
            AuthorityName = "Commune de Testville",
            IsHidden = hideDossier,
            CreatedAt = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc),
            UpdatedAt = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc),
            Sources =
            [
                new Source
                {
                    Title = "Délibération du conseil municipal",
                    FileSha256 = asSnapshot ? null : sha256,
                    SnapshotSha256 = asSnapshot ? sha256 : null,
                    IsHidden = hideSource,
                    CreatedAt = new DateTime(2026, 11, 29, 8, 0, 0, DateTimeKind.Utc),
                },
            ],
        };
        db.Add(dossier);
        await db.SaveChangesAsync();
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_jpeg_loses_its_exif_gps_position_and_is_served_as_clean_bytes(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        var created = await CreatedAsync(await UploadAsync(member, TestFiles.JpegWithExif(), "IMG_20261129_Jeanne.JPG", "image/jpeg"));

        Assert.Equal("image/jpeg", created.GetProperty("contentType").GetString());
        var sha256 = created.GetProperty("sha256").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", sha256);
        Assert.Equal(TestFiles.TinyJpeg.Length, created.GetProperty("length").GetInt64());
        await PublishAsync(app, sha256);

        var served = await app.CreateBrowserlessClient().GetAsync($"/fichiers/{sha256}");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var bytes = await served.Content.ReadAsByteArrayAsync();
        Assert.False(TestFiles.Contains(bytes, "Exif"u8));
        Assert.False(TestFiles.Contains(bytes, TestFiles.GpsLatitudeBytes));
        Assert.False(TestFiles.Contains(bytes, Encoding.UTF8.GetBytes(TestFiles.CommentText)));
        Assert.False(TestFiles.Contains(bytes, "GPS"u8));
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.Equal([0xFF, 0xD9], bytes[^2..]);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"source-{sha256[..12]}.jpg", served.Content.Headers.ContentDisposition?.FileName);
        Assert.DoesNotContain("Jeanne", served.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal("nosniff", Assert.Single(served.Headers.GetValues("X-Content-Type-Options")));
        var policies = served.Headers.GetValues("Content-Security-Policy").ToList();
        Assert.Contains(FileEndpoints.ContentSecurityPolicy, policies);
        Assert.Contains(policies, p => p.Contains("frame-ancestors 'none'", StringComparison.Ordinal));
        Assert.Equal($"\"{sha256}\"", served.Headers.ETag?.Tag);
        Assert.True(served.Headers.CacheControl?.Public);
        Assert.Equal("public, max-age=3600", served.Headers.CacheControl?.ToString());
        Assert.Equal(TimeSpan.FromHours(1), served.Headers.CacheControl?.MaxAge);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/fichiers/{sha256}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha256}\""));
        var notModified = await app.CreateBrowserlessClient().SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_png_loses_its_text_chunks_and_the_same_bytes_twice_are_stored_once(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);

        var first = await CreatedAsync(await UploadAsync(moderator, TestFiles.PngWithText(), "capture.png", "image/png"));
        // Other metadata, same picture: the same cleaned bytes, the same file. No extension: the content decides.
        var second = await CreatedAsync(await UploadAsync(moderator, TestFiles.PngWithText("Pierre Martin"), "scan"));

        var sha256 = first.GetProperty("sha256").GetString()!;
        Assert.Equal(sha256, second.GetProperty("sha256").GetString());
        Assert.Equal("image/png", second.GetProperty("contentType").GetString());
        await PublishAsync(app, sha256);
        var served = await moderator.GetByteArrayAsync($"/fichiers/{sha256}");
        Assert.Equal(ImageCleaner.PngSignature.ToArray(), served[..8]);
        Assert.False(TestFiles.Contains(served, "tEXt"u8));
        Assert.False(TestFiles.Contains(served, "Jeanne"u8));
        Assert.False(TestFiles.Contains(served, "eXIf"u8));
        Assert.False(TestFiles.Contains(served, "tIME"u8));
        Assert.True(TestFiles.Contains(served, "IDAT"u8));
        Assert.Equal("IEND", Encoding.ASCII.GetString(served, served.Length - 8, 4));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var stored = db.Set<StoredFile>().Single(f => f.Sha256 == sha256);
        Assert.Equal("png", stored.Extension);
        Assert.Equal(served.Length, stored.Length);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Files_whose_content_is_not_what_their_name_says_or_not_accepted_are_refused_in_french(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        var fakePdf = await UploadAsync(member, "Ceci est une note, pas un PDF."u8.ToArray(), "x.pdf", "application/pdf");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, fakePdf.StatusCode);
        Assert.Equal("Le nom du fichier se termine par .pdf, mais ce n'est pas un PDF : son contenu semble être un fichier texte.", await ProblemDetailAsync(fakePdf));

        var renamed = await UploadAsync(member, TestFiles.Pdf(), "rapport.txt");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, renamed.StatusCode);
        Assert.Contains("son contenu est un PDF", await ProblemDetailAsync(renamed));

        var jpegAsPng = await UploadAsync(member, TestFiles.TinyJpeg, "photo.png");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, jpegAsPng.StatusCode);
        Assert.Contains("son contenu semble être une image JPEG", await ProblemDetailAsync(jpegAsPng));

        var gif = await UploadAsync(member, "GIF89a\x01\0\x01\0"u8.ToArray(), "animation");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, gif.StatusCode);
        Assert.Contains("une image GIF", await ProblemDetailAsync(gif));

        var truncated = await UploadAsync(member, TestFiles.TinyJpeg[..300], "photo.jpg");
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Contains("malformée ou tronquée", await ProblemDetailAsync(truncated));

        var notAForm = await member.PostAsJsonAsync("/api/v1/files", new { file = "x" });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAForm.StatusCode);
        Assert.Contains("multipart/form-data", await ProblemDetailAsync(notAForm));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Documents_are_accepted_and_office_ones_are_downloaded(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Admin);
        var admin = TestAccounts.ClientWithToken(app, token);

        var pdf = await CreatedAsync(await UploadAsync(admin, TestFiles.Pdf(), "Délibération 2026-42.pdf", "application/pdf"));
        var docx = await CreatedAsync(await UploadAsync(admin, TestFiles.Docx(), "note.docx"));
        var odt = await CreatedAsync(await UploadAsync(admin, TestFiles.Odt(), "compte-rendu.odt"));
        using (var scope = app.Services.CreateScope())
        {
            // Pages pass what a form gave; without a name the content decides.
            var nameless = await scope.ServiceProvider.GetRequiredService<SourceFileStore>().StoreAsync(new MemoryStream(TestFiles.Odt()), null, null, default);
            Assert.Equal(odt.GetProperty("sha256").GetString(), nameless.File?.Sha256);
            Assert.Equal("odt", nameless.File?.Extension);
        }

        Assert.Equal("application/pdf", pdf.GetProperty("contentType").GetString());
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.GetProperty("contentType").GetString());
        Assert.Equal("application/vnd.oasis.opendocument.text", odt.GetProperty("contentType").GetString());
        foreach (var created in new[] { pdf, docx, odt })
        {
            await PublishAsync(app, created.GetProperty("sha256").GetString()!);
        }

        var servedPdf = await admin.GetAsync(pdf.GetProperty("url").GetString());
        Assert.Equal("attachment", servedPdf.Content.Headers.ContentDisposition?.DispositionType);
        var servedDocx = await admin.GetAsync(docx.GetProperty("url").GetString());
        Assert.Equal("attachment", servedDocx.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".docx", servedDocx.Content.Headers.ContentDisposition?.FileName);
        var servedOdt = await admin.GetAsync(odt.GetProperty("url").GetString());
        Assert.Equal("attachment", servedOdt.Content.Headers.ContentDisposition?.DispositionType);
        // Rebuilt by the cleaner: the same entries, the mimetype first.
        Assert.Equal(DocumentCleaner.CleanOdt(TestFiles.Odt()).Bytes, await servedOdt.Content.ReadAsByteArrayAsync());
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Documents_are_stored_without_what_names_their_authors(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);

        var original = DocumentCleanerTests.DocxWithMetadata();
        var docx = await CreatedAsync(await UploadAsync(member, original, "reponse-cada.docx"));
        var pdf = await CreatedAsync(await UploadAsync(member, TestFiles.Pdf(), "reponse-cada.pdf"));
        var truncated = await UploadAsync(member, TestFiles.Pdf()[..100], "tronque.pdf");

        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<SourceFileStore>();
        var storedDocx = await store.ReadAsync(docx.GetProperty("sha256").GetString()!, default);
        var storedPdf = await store.ReadAsync(pdf.GetProperty("sha256").GetString()!, default);
        Assert.NotNull(storedDocx);
        Assert.NotNull(storedPdf);
        // The address is the SHA-256 of the cleaned bytes.
        Assert.Equal(docx.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(storedDocx)));
        Assert.Equal(storedDocx.Length, docx.GetProperty("length").GetInt64());
        // What the unit tests check has no author left in it; cleaning is deterministic.
        Assert.Equal(DocumentCleaner.CleanDocx(original).Bytes, storedDocx);
        Assert.False(TestFiles.Contains(storedPdf, "Camille"u8));
        Assert.Equal(HttpStatusCode.BadRequest, truncated.StatusCode);
        Assert.Equal(DocumentCleaner.UnreadablePdf, await ProblemDetailAsync(truncated));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Uploads_over_the_cap_are_refused_with_413(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);
        byte[] Padded(int length) => [.. TestFiles.Pdf(), .. new byte[length]];

        // Over the cap, within the envelope's margin: refused by the store.
        var slightly = await UploadAsync(member, Padded(MaxUploadBytes + 10), "grand.pdf");
        // Far over: refused from its Content-Length, before the body is read.
        var far = await UploadAsync(member, Padded(MaxUploadBytes * 2), "enorme.pdf");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, slightly.StatusCode);
        Assert.Equal("Le fichier dépasse la taille permise (195 Kio).", await ProblemDetailAsync(slightly));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, far.StatusCode);
        Assert.Contains("dépasse la taille permise", await ProblemDetailAsync(far));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Uploading_needs_a_token_of_an_account(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(TestFiles.Pdf()), "file", "a.pdf" } };

        var anonymous = await app.CreateBrowserlessClient().PostAsync("/api/v1/files", form);
        var badToken = await TestAccounts.ClientWithToken(app, "cvt_inconnu").PostAsync("/api/v1/files", form);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_file_cited_only_by_a_hidden_source_is_served_to_moderators_only_and_one_cited_by_nothing_to_no_one(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, memberToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var member = TestAccounts.ClientWithToken(app, memberToken);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        var anonymous = app.CreateBrowserlessClient();
        var created = await CreatedAsync(await UploadAsync(member, TestFiles.Pdf(), "a.pdf"));
        var url = created.GetProperty("url").GetString()!;

        // Cited by nothing yet: no one's, moderators included (FileVisibility).
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync(url)).StatusCode);

        await PublishAsync(app, created.GetProperty("sha256").GetString()!, hideSource: true);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(url)).StatusCode);
        var asModerator = await moderator.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, asModerator.StatusCode);
        Assert.True(asModerator.Headers.CacheControl?.NoStore);
        Assert.True(asModerator.Headers.CacheControl?.Private);

        // A moderator's browser session (signed in with TOTP) sees it too.
        var session = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync(url)).StatusCode);

        // Not the address of a file at all.
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync("/fichiers/" + new string('A', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync("/fichiers/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync("/fichiers/" + new string('0', 64))).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_file_is_public_only_through_a_visible_source_of_a_visible_dossier(DatabaseProvider provider)
    {
        await using var app = await AppAsync(provider);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var member = TestAccounts.ClientWithToken(app, token);
        var anonymous = app.CreateBrowserlessClient();
        async Task<string> UploadNewAsync() => (await CreatedAsync(await UploadAsync(member, TestFiles.Pdf(), "a.pdf"))).GetProperty("sha256").GetString()!;

        var inHiddenDossier = await UploadNewAsync();
        await PublishAsync(app, inHiddenDossier, hideDossier: true);
        var hiddenSource = await UploadNewAsync();
        await PublishAsync(app, hiddenSource, hideSource: true);
        var snapshot = await UploadNewAsync();
        await PublishAsync(app, snapshot, asSnapshot: true);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{inHiddenDossier}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/fichiers/{hiddenSource}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/fichiers/{snapshot}")).StatusCode);
    }
}
