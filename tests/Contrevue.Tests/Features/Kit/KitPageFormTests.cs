using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Contrevue.Features.Kit;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Contrevue.Tests.Features.Kit;

/// <summary>A member adds a resource and a new version through the pages' forms, as a browser without JavaScript posts them.</summary>
[Collection(AppsCollection.Name)]
public sealed partial class KitPageFormTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_proposes_a_resource_and_a_new_version_through_the_forms(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var client = alice.Browser.Client;

        // A PNG named .pdf: refused in French, nothing made.
        var png = KitWorld.Png(600, 400, SKColors.Orange);
        var refused = await PostAsync(client, "/kit/nouveau", Fields(alice.CollectiveId, "Autocollant refusé"), (png, "autocollant.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("ce n'est pas un PDF", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));

        var created = await PostAsync(client, "/kit/nouveau", Fields(alice.CollectiveId, "Autocollant du collectif"), (png, "autocollant.png"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString;
        Assert.Matches(@"^/kit/\d+-autocollant-du-collectif$", path);
        var id = int.Parse(path.Split('/')[2].Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);

        var page = HtmlText.Visible(await client.GetStringAsync(path));
        Assert.Contains("attend sa publication", page);
        var added = await PostAsync(client, $"/kit/{id}/nouvelle-version", new() { ["Changelog"] = "Couleurs plus vives" }, (KitWorld.Png(600, 400, SKColors.Red), "autocollant-v2.png"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var resource = await db.Set<KitResource>().Include(r => r.Versions).ThenInclude(v => v.Files).SingleAsync(r => r.Id == id);
        Assert.Equal(KitStatus.Pending, resource.Status);
        Assert.Equal("sticker", resource.Kind);
        Assert.Equal(alice.CollectiveId, resource.CollectiveId);
        Assert.Equal(",A6,", resource.Formats);
        Assert.Equal(new[] { 1, 2 }, resource.Versions.Select(v => v.Number).Order());
        Assert.All(resource.Versions, v => Assert.NotNull(Assert.Single(v.Files).PreviewSha256));
        Assert.False(await db.Set<KitResource>().AnyAsync(r => r.Title == "Autocollant refusé"));
    }

    private static Dictionary<string, string> Fields(int collectiveId, string title) => new()
    {
        ["Form.Title"] = title,
        ["Form.Kind"] = "sticker",
        ["Form.Author"] = collectiveId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Language"] = "fr",
        ["Form.Licence"] = "cc-by-sa-4.0",
        ["Form.Formats"] = "A6",
        ["Form.Tags"] = "autocollant, vsa",
        ["Form.Changelog"] = "Première version",
    };

    /// <summary>The form's page read for its antiforgery token, then the fields and files posted as multipart, as a browser does.</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, Dictionary<string, string> fields, params (byte[] Content, string Name)[] files)
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(path));
        Assert.True(token.Success, $"no antiforgery token on {path}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(WebUtility.HtmlDecode(token.Groups[1].Value)), "__RequestVerificationToken" },
        };
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }
        foreach (var (content, name) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
            form.Add(part, "Files", name);
        }
        return await client.PostAsync(path, form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
