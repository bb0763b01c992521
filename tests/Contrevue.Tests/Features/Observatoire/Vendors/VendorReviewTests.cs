using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Text;
using Contrevue.Infrastructure.Audit;
using System.Net;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Observatoire;
using Contrevue.Features.Territories.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Observatoire.Vendors;

/// <summary>Each test on an instance of its own (sign-ins are rate-limited per instance), sharing the database.</summary>
[Collection(AppsCollection.Name)]
public sealed class VendorReviewTests(TestApps apps)
{
    private const string Page = "/moderation/fournisseurs";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_moderator_links_an_ambiguous_name_to_a_commune_by_its_code(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var acme = $"ACME VISION {suffix}";
        await VendorGraphImportTests.ImportAsync(app, VendorGraphImportTests.ExampleFile(acme, $"UGAP {suffix}")
            + $"\nEDGE;{acme};ville de Nullepartville {suffix};a pour client;x");
        var (saintDenis, nowhere) = await RelationsAsync(app, acme);
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);

        var html = await moderator.Client.GetStringAsync(Page);
        var text = HtmlText.Visible(html);
        Assert.Contains($"Relation n° {saintDenis}", text);
        Assert.Contains("Saint-Denis (93) — 93066", text);
        Assert.Contains("Saint-Denis (974) — 97411", text);
        Assert.Contains($"for=\"code-{saintDenis}-objet\"", html);

        var unknownCode = await moderator.SubmitAsync(Page, Fields(saintDenis, "99999"), $"{Page}?handler=Commune");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownCode.StatusCode);
        Assert.Contains("Aucune commune n'a le code INSEE « 99999 »", HtmlText.Visible(await unknownCode.Content.ReadAsStringAsync()));

        var linked = await moderator.SubmitAsync(Page, Fields(saintDenis, "93066"), $"{Page}?handler=Commune");
        Assert.Equal(HttpStatusCode.Redirect, linked.StatusCode);
        Assert.Equal(Page, linked.Headers.Location?.OriginalString);
        var after = HtmlText.Visible(await moderator.Client.GetStringAsync(Page));
        Assert.Contains("« ville de Saint-Denis » est relié à la commune Saint-Denis (93066).", after);
        Assert.DoesNotContain($"Relation n° {saintDenis} ", after);

        var vendor = await moderator.SubmitAsync(Page, new Dictionary<string, string> { ["relation"] = $"{nowhere}", ["side"] = "objet" }, $"{Page}?handler=Vendor");
        Assert.Equal(HttpStatusCode.Redirect, vendor.StatusCode);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var relation = await db.Set<VendorRelation>().SingleAsync(r => r.Id == saintDenis);
        Assert.Equal(("93066", false, null), (relation.ObjectCommuneCode, relation.NeedsReview, relation.ReviewNote));
        var organisation = await db.Set<VendorRelation>().SingleAsync(r => r.Id == nowhere);
        Assert.False(organisation.NeedsReview);
        var created = await db.Set<Vendor>().SingleAsync(v => v.Id == organisation.ObjectVendorId);
        Assert.Equal(SearchText.Normalize($"ville de Nullepartville {suffix}"), created.MatchName);
        var audit = await db.Set<AuditEntry>().Where(a => a.Target == $"vendor-relation:{saintDenis}" || a.Target == $"vendor-relation:{nowhere}")
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["vendor-relation.link-commune", "vendor-relation.mark-vendor"], audit);

        var vendorPage = HtmlText.Visible(await app.CreateBrowserlessClient().GetStringAsync($"/observatoire/fournisseurs/acme-vision-{suffix}"));
        Assert.DoesNotContain("À vérifier", vendorPage);
        Assert.Contains("Saint-Denis (93066)", vendorPage);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_review_page_is_for_moderators_only(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var member = await TestAccounts.SignInWithTotpAsync(app, Roles.Member);

        var anonymous = await app.CreateBrowserlessClient().GetAsync(Page);
        var forbidden = await member.Client.GetAsync(Page);
        var posted = await app.CreateBrowserlessClient().PostAsync($"{Page}?handler=Commune", new FormUrlEncodedContent(Fields(1, "93066")));

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/connexion", anonymous.Headers.Location?.PathAndQuery ?? anonymous.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.False(posted.StatusCode == HttpStatusCode.Redirect && posted.Headers.Location?.OriginalString == Page, "an anonymous post was taken");
    }

    private static Dictionary<string, string> Fields(int relation, string code) =>
        new() { ["relation"] = $"{relation}", ["side"] = "objet", ["code"] = code };

    private static async Task<(int SaintDenis, int Nowhere)> RelationsAsync(AppFactory app, string acme)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var vendorId = await db.Set<Vendor>().Where(v => v.MatchName == SearchText.Normalize(acme)).Select(v => v.Id).SingleAsync();
        var pending = await db.Set<VendorRelation>().Where(r => r.SubjectVendorId == vendorId && r.NeedsReview).ToListAsync();
        return (pending.Single(r => r.ObjectName == "ville de Saint-Denis").Id, pending.Single(r => r.ObjectName.StartsWith("ville de Nullepartville", StringComparison.Ordinal)).Id);
    }
}
