using Contrevue.Infrastructure.Security;
using Contrevue.Infrastructure.Audit;
using System.Net;
using System.Text.Json;
using Contrevue.Features.Accounts;
using Contrevue.Features.Moderation;
using Contrevue.Features.Procedures.Deadlines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Procedures;

/// <summary>Holidays admins add in the shared database: each test uses a date and département no other test uses, and removes it.</summary>
[Collection(AppsCollection.Name)]
public sealed class ExtraHolidayAdminTests(TestApps apps)
{
    private const string Deadlines = "/api/v1/deadlines?procedure=cada-explicit-refusal&start=2031-01-14&departement=976";

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task An_admin_adds_a_local_holiday_that_moves_deadlines_there_only_then_removes_it(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var anonymous = app.CreateBrowserlessClient();
        // 14/03/2031 is a Friday; cached before the holiday exists.
        Assert.Equal("2031-03-14", await LastDayAsync(anonymous, Deadlines));

        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);
        var added = await admin.SubmitAsync("/admin/jours-feries", new Dictionary<string, string>
        {
            ["Date"] = "2031-03-14",
            ["Label"] = "fête locale de test",
            ["Departement"] = "976",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        Assert.Equal("2031-03-17", await LastDayAsync(anonymous, Deadlines));
        Assert.Equal("2031-03-14", await LastDayAsync(anonymous, Deadlines.Replace("976", "974", StringComparison.Ordinal)));
        var page = HtmlText.Visible(await admin.Client.GetStringAsync("/admin/jours-feries"));
        Assert.Contains("fête locale de test", page);
        Assert.Contains("vendredi 14 mars 2031", page);

        int id;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            id = (await db.Set<ExtraHolidayEntry>().SingleAsync(h => h.DepartementCode == "976" && h.Date == new DateOnly(2031, 3, 14))).Id;
        }
        var removed = await admin.SubmitAsync("/admin/jours-feries", new Dictionary<string, string>(), $"/admin/jours-feries?handler=Remove&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal("2031-03-14", await LastDayAsync(anonymous, Deadlines));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            Assert.Equal(
                ["holiday.add", "holiday.remove"],
                await db.Set<AuditEntry>().Where(a => a.Target == "holiday:2031-03-14/976").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
            Assert.False(await db.Set<ExtraHolidayEntry>().AnyAsync(h => h.Id == id));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Invalid_holidays_are_refused_in_french(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var admin = await TestAccounts.SignInWithTotpAsync(app, Roles.Admin);

        var response = await admin.SubmitAsync("/admin/jours-feries", new Dictionary<string, string>
        {
            ["Date"] = "2031-02-30",
            ["Label"] = "",
            ["Departement"] = "99",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = HtmlText.Visible(await response.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez une date réelle", text);
        Assert.Contains("Indiquez le nom du jour férié", text);
        Assert.Contains("Département inconnu « 99 »", text);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_holiday_page_is_for_admins_only(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);

        var anonymous = await app.CreateBrowserlessClient().GetAsync("/admin/jours-feries");
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);

        var moderator = await TestAccounts.SignInWithTotpAsync(app, Roles.Moderator);
        var forbidden = await moderator.Client.GetAsync("/admin/jours-feries");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }

    private static async Task<string?> LastDayAsync(HttpClient client, string url)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync(url));
        return json.RootElement.GetProperty("steps")[0].GetProperty("date").GetString();
    }
}
