using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Contrevue.Features.Kit;
using Contrevue.Infrastructure.Security;
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

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_edits_and_deletes_a_published_resource_through_confirmation_pages_and_their_new_version_waits(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var bob = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var id = (await KitWorld.CreateAsync(moderator, KitWorld.Resource("Flyer du marché", "leaflet", alice.CollectiveId))).GetProperty("id").GetInt32();
        foreach (var colour in new[] { SKColors.Teal, SKColors.Brown })
        {
            Assert.Equal(HttpStatusCode.Created, (await KitWorld.AddVersionAsync(moderator, id, "", (KitWorld.Png(300, 300, colour), "flyer.png"))).StatusCode);
        }
        var page = await alice.Browser.Client.GetStringAsync($"/kit/{id}-flyer-du-marche");
        Assert.Contains($"href=\"/kit/{id}/modifier\"", page);
        Assert.Contains($"href=\"/kit/{id}/supprimer\"", page);
        Assert.Contains($"href=\"/kit/{id}/versions/1/supprimer\"", page);
        // Another collective's member sees none of it, and is refused the forms.
        Assert.DoesNotContain($"/kit/{id}/modifier", await bob.Browser.Client.GetStringAsync($"/kit/{id}-flyer-du-marche"));
        Assert.Equal(HttpStatusCode.Redirect, (await bob.Browser.Client.GetAsync($"/kit/{id}/modifier")).StatusCode);
        Assert.Contains("/acces-refuse", (await bob.Browser.Client.GetAsync($"/kit/{id}/supprimer")).Headers.Location!.OriginalString);

        // The edit form, filled with the resource; a bad title is refused in French, then the edit is saved.
        var form = await alice.Browser.Client.GetStringAsync($"/kit/{id}/modifier");
        Assert.Contains("value=\"Flyer du marché\"", form);
        var fields = new Dictionary<string, string>
        {
            ["Form.Title"] = new string('t', 161), ["Form.Kind"] = "leaflet", ["Form.Language"] = "fr", ["Form.Licence"] = "cc-by-sa-4.0",
            ["Form.Formats"] = "A5", ["Form.Tags"] = "marché", ["Form.Description"] = "Recto-verso.",
        };
        var refused = await alice.Browser.SubmitAsync($"/kit/{id}/modifier", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Le titre dépasse 160 caractères", HtmlText.Visible(await refused.Content.ReadAsStringAsync()));
        fields["Form.Title"] = "Flyer des marchés";
        var saved = await alice.Browser.SubmitAsync($"/kit/{id}/modifier", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/kit/{id}-flyer-des-marches", saved.Headers.Location!.OriginalString);
        Assert.Contains("Recto-verso.", HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync($"/kit/{id}-flyer-des-marches")));

        // A new version through the form: the resource is published, so it waits, and the page says so.
        var proposed = await PostAsync(alice.Browser.Client, $"/kit/{id}/nouvelle-version", new() { ["Changelog"] = "Horaires d'hiver" }, (KitWorld.Png(300, 300, SKColors.Olive), "flyer-v3.png"));
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        Assert.Contains("attend la relecture de l'équipe de modération", HtmlText.Visible(await alice.Browser.Client.GetStringAsync(proposed.Headers.Location!.OriginalString)));

        // Deleting version 1, then the resource, each after its confirmation page.
        var confirm = HtmlText.Visible(await alice.Browser.Client.GetStringAsync($"/kit/{id}/versions/1/supprimer"));
        Assert.Contains("Supprimer la version 1 de « Flyer des marchés » ?", confirm);
        var versionDeleted = await alice.Browser.SubmitAsync($"/kit/{id}/versions/1/supprimer", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, versionDeleted.StatusCode);
        Assert.Contains("Version supprimée.", HtmlText.Visible(await alice.Browser.Client.GetStringAsync(versionDeleted.Headers.Location!.OriginalString)));
        Assert.DoesNotContain($"/kit/{id}/versions/2/supprimer", await alice.Browser.Client.GetStringAsync($"/kit/{id}-flyer-des-marches"));
        Assert.Contains("définitive", HtmlText.Visible(await alice.Browser.Client.GetStringAsync($"/kit/{id}/supprimer")));
        var deleted = await alice.Browser.SubmitAsync($"/kit/{id}/supprimer", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal("/kit", deleted.Headers.Location!.OriginalString);
        Assert.Contains("Ressource supprimée.", HtmlText.Visible(await alice.Browser.Client.GetStringAsync("/kit")));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateBrowserlessClient().GetAsync($"/kit/{id}-flyer-des-marches")).StatusCode);
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
