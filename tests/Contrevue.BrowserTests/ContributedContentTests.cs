using Contrevue.Infrastructure.Security;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ContributedContentTests(BrowserFixture fixture)
{
    private const string Script = "<script>window.__contrevuePwned = 'script'</script>";
    private const string Image = "<img src=x onerror=\"window.__contrevuePwned = 'img'\">";
    private const string Svg = "\"><svg onload=\"window.__contrevuePwned = 'svg'\">";

    [Fact]
    public async Task Hostile_text_approved_by_a_moderator_is_shown_as_text_and_never_runs()
    {
        using var http = new HttpClient { BaseAddress = fixture.Origin };
        var posted = await http.PostAsJsonAsync("/api/v1/proposals", new
        {
            kind = "territory-contact",
            territory = "42218",
            data = new { mayor = Script, postalAddress = Image, cadaOfficer = Svg },
            source = "https://example.org/" + Script,
            note = Image,
        });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, posted.StatusCode);
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        using (var scope = fixture.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
                .CreateAsync($"moderation-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Roles.Moderator);
            var outcome = await scope.ServiceProvider.GetRequiredService<ModerationService>().ApproveAsync(id, result.User!.Id, null, default);
            Assert.IsType<ModerationOutcome.Done>(outcome);
        }

        await using var watched = await fixture.OpenAsync();
        var page = watched.Page;
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        foreach (var path in new[] { "/communes/42218-saint-etienne", "/communes/42218/historique" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.NetworkIdle);
            var main = await page.Locator("main").InnerTextAsync();
            Assert.Contains(Script, main, StringComparison.Ordinal);
            Assert.Contains(Image, main, StringComparison.Ordinal);
            Assert.Null(await page.EvaluateAsync<string?>("() => window.__contrevuePwned ?? null"));
            Assert.Equal(0, await page.Locator("main script, main img, main svg[onload]").CountAsync());
        }
        Assert.Equal(0, dialogs);
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }
}
