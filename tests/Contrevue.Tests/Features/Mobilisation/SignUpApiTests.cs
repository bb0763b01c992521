using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Contrevue.Features.Mobilisation;
using Contrevue.Infrastructure.Security;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary><c>POST /api/v1/mobilisation/sign-ups</c>: 202 and nothing confirmed, French 400s for what it refuses, never a 500.</summary>
[Collection(AppsCollection.Name)]
public sealed class SignUpApiTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_sign_up_is_accepted_unconfirmed_and_placed_in_its_departement(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var client = app.CreateBrowserlessClient();
        var email = $"camille-{Guid.NewGuid():N}@example.org";

        var response = await client.PostAsJsonAsync("/api/v1/mobilisation/sign-ups", new
        {
            email, territory = "42218", collectiveName = "  ", helpWith = new[] { "leafleting", "postering" }, message = "Je peux tracter le samedi.",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("awaiting-confirmation", json.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("jeton", json.RootElement.GetRawText());
        var row = await MobilisationWorld.RowAsync(app, email);
        Assert.NotNull(row);
        Assert.Null(row.ConfirmedAt);
        Assert.Equal(("Saint-Étienne", "42", "84"), (row.TerritoryName, row.DepartementCode, row.RegionCode));
        Assert.Equal("postering,leafleting", row.HelpWith);
        Assert.Null(row.CollectiveName);

        // Unconfirmed: no organiser sees it.
        var (_, token) = await TestAccounts.CreateWithTokenAsync(app, Roles.Moderator);
        var csv = await TestAccounts.ClientWithToken(app, token).GetStringAsync("/admin/inscriptions?handler=Csv");
        Assert.DoesNotContain(email, csv);
    }

    private static readonly (string Body, string Field, string Words)[] BadInputs =
    [
        ("""{"email":"pas-une-adresse","territory":"42218"}""", "email", "adresse e-mail valide"),
        ("""{"email":"a@example.org","territory":"99999"}""", "territory", "Territoire inconnu"),
        ("""{"email":"a@example.org","territory":"departement:999"}""", "territory", "Territoire inconnu"),
        ("""{"email":"a@example.org"}""", "territory", "Indiquez votre commune"),
        ("""{"email":"a@example.org","territory":"42218","helpWith":["juggling"]}""", "helpWith", "choisissez parmi"),
        ("""{"email":"a@example.org","territory":"42218","helpWith":[null, 3]}""", "", ""),
        ("""{"email":"a@example.org","territory":"42218","message":"MESSAGE"}""", "message", "2 000 caractères"),
        ("""{"email":"a@example.org","territory":"42218","collectiveName":"NAME"}""", "collectiveName", "120 caractères"),
        ("""{"email":"a\u0007@example.org","territory":"42218"}""", "", "caractère interdit"),
        ("""{"email":"a@example.org","territory":"42218","message":"bonjour \uFFFE"}""", "", "caractère interdit"),
        ("""{"email":"a@example.org","territory":"42218","message":"bonjour \uD800"}""", "", ""),
        ("""{"email":"a@example.org","territory""", "", ""),
        ("""["a@example.org"]""", "", ""),
        ("""{"email":{"a":1},"territory":"42218"}""", "", ""),
    ];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Bad_inputs_get_a_french_400_never_a_500(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        foreach (var (body, field, words) in BadInputs)
        {
            var json = body.Replace("MESSAGE", new string('m', 2_001), StringComparison.Ordinal).Replace("NAME", new string('n', 121), StringComparison.Ordinal);
            var response = await app.CreateBrowserlessClient().PostAsync("/api/v1/mobilisation/sign-ups", new StringContent(json, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{body}: {(int)response.StatusCode} {text}");
            Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
            using var problem = JsonDocument.Parse(text);
            var title = problem.RootElement.GetProperty("title").GetString() ?? "";
            Assert.True(title.Length > 0 && title != "Bad Request" && title != "One or more validation errors occurred.", text);
            if (field.Length > 0)
            {
                Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out var messages), text);
                Assert.Contains(words, messages[0].GetString());
            }
            else if (words.Length > 0)
            {
                Assert.Contains(words, text);
            }
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_huge_body_is_refused_before_it_is_read(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var huge = JsonSerializer.Serialize(new { email = "a@example.org", territory = "42218", message = new string('x', 200_000) });

        var response = await app.CreateBrowserlessClient().PostAsync("/api/v1/mobilisation/sign-ups", new StringContent(huge, Encoding.UTF8, "application/json"));

        // The platform's cap on public writes answers 413 (too large), in French, for every public API.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("volumineu", await response.Content.ReadAsStringAsync());
    }
}
