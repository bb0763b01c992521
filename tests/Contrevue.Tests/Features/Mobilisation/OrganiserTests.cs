using System.Net;
using System.Text;
using Contrevue.Features.Accounts;
using Contrevue.Features.Mobilisation;
using Contrevue.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary>Who sees which confirmed sign-ups on /admin/inscriptions, its CSV, and a collective made from a selection.</summary>
[Collection(AppsCollection.Name)]
public sealed class OrganiserTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_Loire_collective_member_sees_Saint_Etienne_sign_ups_not_Paris_ones_moderators_see_both(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var stephanoise = $"stephanoise-{Guid.NewGuid():N}@example.org";
        var parisien = $"parisien-{Guid.NewGuid():N}@example.org";
        var arrondissement = $"arrondissement-{Guid.NewGuid():N}@example.org";
        var unconfirmed = $"pas-confirmee-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, stephanoise, "42218", "postering");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, parisien, "75056", "legal");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, arrondissement, "75111", "writing");
        await MobilisationWorld.SignUpAsync(visitor, unconfirmed, "42218");

        var loire = await MobilisationWorld.MemberOfNewCollectiveAsync(app, "departement:42");
        var page = HtmlText.Visible(await loire.GetStringAsync("/admin/inscriptions"));
        Assert.Contains(stephanoise, page);
        Assert.Contains("Saint-Étienne", page);
        Assert.DoesNotContain(parisien, page);
        Assert.DoesNotContain(arrondissement, page);
        Assert.DoesNotContain(unconfirmed, page);
        Assert.DoesNotContain(parisien, await loire.GetStringAsync("/admin/inscriptions?handler=Csv"));

        // A collective covering the city of Paris sees its arrondissements' sign-ups.
        var paris = await MobilisationWorld.MemberOfNewCollectiveAsync(app, "75056");
        var parisPage = await paris.GetStringAsync("/admin/inscriptions");
        Assert.Contains(parisien, parisPage);
        Assert.Contains(arrondissement, parisPage);
        Assert.DoesNotContain(stephanoise, parisPage);

        // A member of no collective sees none; a moderator sees every confirmed one, and filters.
        var (_, loneToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Member);
        var lonePage = await TestAccounts.ClientWithToken(app, loneToken).GetStringAsync("/admin/inscriptions");
        Assert.DoesNotContain(stephanoise, lonePage);
        Assert.DoesNotContain(parisien, lonePage);
        var (_, moderatorToken) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var moderator = TestAccounts.ClientWithToken(app, moderatorToken);
        var all = await moderator.GetStringAsync("/admin/inscriptions");
        Assert.Contains(stephanoise, all);
        Assert.Contains(parisien, all);
        Assert.DoesNotContain(unconfirmed, all);
        var legal = await moderator.GetStringAsync("/admin/inscriptions?aide=legal");
        Assert.Contains(parisien, legal);
        Assert.DoesNotContain(stephanoise, legal);
        var inLoire = await moderator.GetStringAsync("/admin/inscriptions?territoire=departement%3A42");
        Assert.Contains(stephanoise, inLoire);
        Assert.DoesNotContain(parisien, inLoire);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync("/admin/inscriptions?aide=juggling")).StatusCode);
        Assert.Contains("Choix inconnu", HtmlText.Visible(await moderator.GetStringAsync("/admin/inscriptions?aide=juggling")));

        // Never to a visitor.
        var anonymous = await visitor.GetAsync("/admin/inscriptions?handler=Csv");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_csv_starts_with_a_bom_and_uses_semicolons(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var email = $"csv-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, app.CreateBrowserlessClient(), email, "42218", "postering", "leafleting");
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);

        var response = await TestAccounts.ClientWithToken(app, token).GetAsync("/admin/inscriptions?handler=Csv&territoire=42218");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', Contrevue.Features.Mobilisation.Organisers.SignUpsModel.CsvHeader), lines[0]);
        var row = Assert.Single(lines, l => l.Contains(email, StringComparison.Ordinal));
        Assert.Contains(";Saint-Étienne;commune:42218;42;Collectif du test;postering, leafleting;Disponible le soir.;", row);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_turns_sign_ups_into_a_collective_and_each_person_is_invited_into_it(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var first = $"premiere-{Guid.NewGuid():N}@example.org";
        var second = $"second-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, first, "42095");
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, second, "42218");
        var ids = new[] { (await MobilisationWorld.RowAsync(app, first))!.Id, (await MobilisationWorld.RowAsync(app, second))!.Id };
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var name = $"Collectif de l'Ondaine {Guid.NewGuid():N}"[..40];

        var selection = $"/admin/inscriptions/collectif?ids={ids[0]}&ids={ids[1]}";
        var form = HtmlText.Visible(await admin.Client.GetStringAsync(selection));
        Assert.Contains(first, form);
        Assert.Contains(second, form);
        var created = await admin.SubmitAsync(selection, new Dictionary<string, string>
        {
            ["Name"] = name,
            ["Territories"] = "42095, 42218",
        }, action: selection);
        // The form posts to its own address, whose query string holds the selection (the hidden fields repeat it).
        var page = HtmlText.Visible(await created.Content.ReadAsStringAsync());
        Assert.Contains("Le collectif est créé", page);
        Assert.Contains($"{first} — invitation envoyée", page);
        Assert.Contains($"{second} — invitation envoyée", page);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var invitations = await db.Set<Invitation>().Where(i => i.Email == first || i.Email == second).ToListAsync();
        Assert.Equal(2, invitations.Count);
        Assert.All(invitations, i => Assert.Equal(Roles.Member, i.Role));
        Assert.Single(invitations.Select(i => i.CollectiveId).Distinct());
        Assert.NotNull(invitations[0].CollectiveId);
        Assert.NotNull((await MobilisationWorld.RowAsync(app, first))!.InvitedAt);

        // A moderator sees the sign-ups but may not found a collective with them.
        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        Assert.DoesNotContain("Créer un collectif avec les personnes choisies", HtmlText.Visible(await moderator.Client.GetStringAsync("/admin/inscriptions")));
        Assert.NotEqual(HttpStatusCode.OK, (await moderator.Client.GetAsync(selection)).StatusCode);
    }
}
