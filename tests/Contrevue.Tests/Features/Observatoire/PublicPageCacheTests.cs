using System.Net;
using System.Net.Http.Json;
using Contrevue.Data;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Observatoire.Demo;
using Contrevue.Features.Observatoire.Listing;
using Contrevue.Infrastructure.Caching;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire;

/// <summary>
/// The observatoire's pages under a press peak: served to anonymous visitors from the output cache,
/// evicted by exactly the writes that change them, never mixed with a signed-in member's page; lists
/// whose count and paging cost stay bounded whatever the volume.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class PublicPageCacheTests(TestApps apps)
{
    private const string EditLink = "Modifier le dossier";

    private static string Unique(string word) => $"{word}{Guid.NewGuid():N}"[..(word.Length + 10)];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_gets_the_edit_links_on_a_page_an_anonymous_visitor_cached_and_leaves_no_copy_of_them(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var dossier = await Reports.ReportTests.CreateDossierAsync(TestAccounts.ClientWithToken(app, token), $"VSA {Unique("Cache")}");

        var first = HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path));
        Assert.Contains(dossier.Title, first);
        Assert.DoesNotContain(EditLink, first);

        var member = await TestAccounts.SignInWithTotpAsync(app, Roles.Member);
        Assert.Contains(EditLink, HtmlText.Visible(await member.Client.GetStringAsync(dossier.Path)));
        Assert.Contains(EditLink, HtmlText.Visible(await member.Client.GetStringAsync(dossier.Path)));

        Assert.DoesNotContain(EditLink, HtmlText.Visible(await anonymous.GetStringAsync(dossier.Path)));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_change_evicts_its_dossier_and_the_lists_at_once_and_leaves_the_other_dossiers_cached(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var anonymous = app.CreateBrowserlessClient();
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, token);
        var word = Unique("Presse");
        var changed = await Reports.ReportTests.CreateDossierAsync(moderator, $"VSA {word} gare");
        var untouched = await Reports.ReportTests.CreateDossierAsync(moderator, $"VSA {word} marché");
        var search = $"/observatoire?q={word}";

        Assert.Contains("2 dossiers", HtmlText.Visible(await anonymous.GetStringAsync(search)));
        Assert.Contains(changed.Title, HtmlText.Visible(await anonymous.GetStringAsync(changed.Path)));
        Assert.Contains(untouched.Title, HtmlText.Visible(await anonymous.GetStringAsync(untouched.Path)));

        // Behind the service's back (no eviction): while its page stays cached, the old title shows.
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            await db.Set<Dossier>().Where(d => d.Id == untouched.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Title, $"VSA {word} titre changé en base"));
        }
        var put = await moderator.PutAsJsonAsync($"/api/v1/dossiers/{changed.Id}", DossierApiTests.VsaDossier($"VSA {word} gare, extension votée"));
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var third = await Reports.ReportTests.CreateDossierAsync(moderator, $"VSA {word} parvis");

        var moved = await anonymous.GetAsync(changed.Path);
        Assert.Equal(HttpStatusCode.MovedPermanently, moved.StatusCode);
        Assert.Contains("extension votée", HtmlText.Visible(await anonymous.GetStringAsync(moved.Headers.Location!.OriginalString)));
        var list = HtmlText.Visible(await anonymous.GetStringAsync(search));
        Assert.Contains("3 dossiers", list);
        Assert.Contains(third.Title, list);
        Assert.Contains("extension votée", list);
        var untouchedPage = HtmlText.Visible(await anonymous.GetStringAsync(untouched.Path));
        Assert.Contains(untouched.Title, untouchedPage);
        Assert.DoesNotContain("titre changé en base", untouchedPage);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Past_the_cap_the_list_says_more_than_and_offers_fifty_pages_at_most(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        using (var scope = app.Services.CreateScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoRequest(1_100, 1_100), null, default);
            Assert.IsType<DemoOutcome.Generated>(outcome);
        }
        var visitor = app.CreateBrowserlessClient();

        var first = HtmlText.Visible(await visitor.GetStringAsync("/observatoire"));
        Assert.Contains("Plus de 1 000 dossiers", first);
        Assert.Contains("Page 1 sur 50", first);
        Assert.Contains("Seuls les 1 000 premiers dossiers sont présentés en pages", first);

        var beyond = await visitor.GetAsync("/observatoire?page=9999&sort=title");
        Assert.Equal(HttpStatusCode.OK, beyond.StatusCode);
        var last = await beyond.Content.ReadAsStringAsync();
        Assert.Contains("Page 50 sur 50", HtmlText.Visible(last));
        Assert.DoesNotContain("rel=\"next\"", last);
        Assert.Equal(20, System.Text.RegularExpressions.Regex.Count(last, "href=\"/observatoire/dossiers/\\d+-"));

        // Under the cap, the count is exact.
        int deployed;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            deployed = await db.Set<Dossier>().CountAsync(d => !d.IsHidden && d.Status == DossierStatus.Deployed);
        }
        Assert.InRange(deployed, 2, 999);
        Assert.Contains($"{deployed} dossiers", HtmlText.Visible(await visitor.GetStringAsync("/observatoire?status=deployed")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_list_read_while_a_write_was_evicted_is_not_kept_and_an_eviction_forgets_the_kept_ones(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var rankings = app.Services.GetRequiredService<DossierRankings>();
        var invalidation = app.Services.GetRequiredService<CacheInvalidation>();
        var criteria = new DossierCriteria { Query = Unique("Course") };
        var reads = 0;

        // A write evicts the lists while this one is read: the answer serves this request only.
        var first = await rankings.GetAsync(criteria, 1001, async _ =>
        {
            reads++;
            await invalidation.EvictAsync([ObservatoireCache.DossierTag(1), ObservatoireCache.ListsTag], default);
            return [1, 2, 3];
        });
        Assert.Equal([1, 2, 3], first);
        Task<List<int>> Read(int _) { reads++; return Task.FromResult<List<int>>([4, 5]); }
        Assert.Equal([4, 5], await rankings.GetAsync(criteria, 1001, Read));
        Assert.Equal([4, 5], await rankings.GetAsync(criteria, 1001, Read));
        Assert.Equal(2, reads);

        await invalidation.EvictAsync([ObservatoireCache.ListsTag], default);
        Assert.Equal([4, 5], await rankings.GetAsync(criteria, 1001, Read));
        Assert.Equal(3, reads);
    }
}
