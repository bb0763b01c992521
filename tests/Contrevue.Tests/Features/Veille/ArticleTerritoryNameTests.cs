using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Veille;
using Contrevue.Tests.Features.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Veille;

/// <summary>
/// The territories of an article are typed as people name them — « Sète, Saint-Étienne, 93, Auvergne-Rhône-Alpes » —
/// in the forms, the moderators' review and the API; a name several territories bear is asked back with its
/// candidates, an unknown one is named in a French error, and nothing typed is lost.
/// </summary>
[Collection(AppsCollection.Name)]
public sealed class ArticleTerritoryNameTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_field_reads_names_codes_and_numbers_and_asks_which_for_homonyms(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        using var scope = app.Services.CreateScope();
        var field = scope.ServiceProvider.GetRequiredService<TerritoryListField>();

        var read = await field.ResolveAsync("Sète, Saint-Étienne, 93, Auvergne-Rhône-Alpes\nsaint etienne; departement:42\n34000, Paris", null, default);
        Assert.True(read.IsComplete, string.Join(" | ", read.Errors.Concat(read.Questions.Select(q => q.Message))));
        // Each once, in the order typed; « 34000 » is Montpellier's postal code, Paris the commune (its département is the same place).
        Assert.Equal(["34301", "42218", "departement:93", "region:84", "departement:42", "34172", "75056"], read.References);
        Assert.Equal("Sète (34301), Saint-Étienne (42218), Seine-Saint-Denis (departement:93), Auvergne-Rhône-Alpes (region:84), Loire (departement:42), "
            + "Montpellier (34172), Paris (75056)", read.ExactText);

        var asked = await field.ResolveAsync("Sète, Saint-Denis, Saint-Martin, Nullepart-sur-Mer, departement:999", null, default);
        Assert.False(asked.IsComplete);
        Assert.Equal(["34301"], asked.References);
        // Nothing typed is lost: the text comes back as it was.
        Assert.Equal("Sète, Saint-Denis, Saint-Martin, Nullepart-sur-Mer, departement:999", asked.Text);
        var denis = Assert.Single(asked.Questions, q => q.Entry == "Saint-Denis");
        Assert.Equal("« Saint-Denis » : plusieurs territoires portent ce nom. Lequel ?", denis.Message);
        // Every commune of that name, named with its département, the two cities first (the most populous).
        Assert.Equal(["11339", "30247", "93066", "97411"], denis.Choices.Select(c => c.Territory.Code).Order(StringComparer.Ordinal));
        Assert.Equal(["93066", "97411"], denis.Choices.Take(2).Select(c => c.Territory.Code).Order(StringComparer.Ordinal));
        Assert.All(denis.Choices, c => Assert.Equal("Saint-Denis", c.Name));
        Assert.Contains(denis.Choices, c => c.Territory.Code == "93066" && c.Detail == "Seine-Saint-Denis (93)");
        Assert.Contains(denis.Choices, c => c.Territory.Code == "97411" && c.Detail == "La Réunion (974)");
        Assert.True(Assert.Single(asked.Questions, q => q.Entry == "Saint-Martin").Choices.Count >= 4);
        Assert.Contains("« Nullepart-sur-Mer » : aucun territoire de ce nom ni de ce code. Vérifiez l'orthographe, ou donnez son code postal ou son code INSEE.", asked.Errors);
        Assert.Contains("Territoire inconnu : departement:999.", asked.Errors);

        // A pick answers the question in place; a département in parentheses settles it too.
        var reunion = denis.Choices.Single(c => c.Territory.Code == "97411");
        var picked = await field.ResolveAsync("Sète, Saint-Denis", [new TerritoryPick { Entry = "Saint-Denis", Value = reunion.FieldValue }], default);
        Assert.Equal(["34301", "97411"], picked.References);
        Assert.Equal("Sète, Saint-Denis (97411)", picked.Text);
        Assert.Equal(["93066"], (await field.ResolveAsync("Saint-Denis (93)", null, default)).References);
        Assert.Equal(["97411"], (await field.ResolveAsync("Saint-Denis (La Réunion)", null, default)).References);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_member_types_names_answers_the_question_without_javascript_and_loses_nothing(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app, signIn: true);
        var word = VeilleWorld.Word("Noms");
        var fields = Fields(word, "Sète, Saint-Denis\nNullepart-sur-Mer");

        var asked = await member.Browser.SubmitAsync("/veille/nouveau", fields);
        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var html = await asked.Content.ReadAsStringAsync();
        var text = HtmlText.Visible(html);
        Assert.Contains("« Saint-Denis » : plusieurs territoires portent ce nom. Lequel ?", text);
        Assert.Contains("Seine-Saint-Denis (93)", text);
        Assert.Contains("La Réunion (974)", text);
        Assert.Contains("« Nullepart-sur-Mer » : aucun territoire de ce nom ni de ce code.", text);
        Assert.Contains("name=\"Form.Picks[0].Value\" value=\"Saint-Denis (93066)\"", html);
        Assert.Contains("name=\"Form.Picks[0].Entry\" value=\"Saint-Denis\"", html);
        // What was typed is all there again.
        Assert.Contains("Sète, Saint-Denis\nNullepart-sur-Mer</textarea>", WebUtility.HtmlDecode(html));
        Assert.Contains($"value=\"Des caméras algorithmiques à Sète {word}\"", WebUtility.HtmlDecode(html));

        fields["Form.Territories"] = "Sète, Saint-Denis";
        fields["Form.Picks[0].Entry"] = "Saint-Denis";
        fields["Form.Picks[0].Value"] = "Saint-Denis (93066)";
        var published = await member.Browser.SubmitAsync("/veille/nouveau", fields);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var listed = Assert.Single(await VeilleWorld.ItemsAsync(app.CreateBrowserlessClient(), $"?q={word}"));
        Assert.Equal(["commune:34301", "commune:93066"], listed.GetProperty("territories").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_api_takes_names_as_well_as_codes_with_french_400s(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var member = await EventWorld.MemberOfNewCollectiveAsync(app);
        var word = VeilleWorld.Word("Api");

        var created = await VeilleWorld.PostAsync(member.Api, VeilleWorld.Article(word, territories: ["Sète", "Auvergne-Rhône-Alpes", "93", "42218"]));
        Assert.Equal(["commune:34301", "commune:42218", "departement:93", "region:84"], created.GetProperty("territories").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));

        var ambiguous = await member.Api.PostAsJsonAsync("/api/v1/articles", VeilleWorld.Article(word + "b", territories: ["Saint-Denis", "Nullepart-sur-Mer"]));
        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        var problems = JsonDocument.Parse(await ambiguous.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("territories")
            .EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(problems, p => p.StartsWith("« Nullepart-sur-Mer » : aucun territoire", StringComparison.Ordinal));
        var question = Assert.Single(problems, p => p.StartsWith("« Saint-Denis » : plusieurs territoires portent ce nom (", StringComparison.Ordinal));
        Assert.Contains("Saint-Denis, Seine-Saint-Denis (93) : 93066", question);
        Assert.Contains("Saint-Denis, La Réunion (974) : 97411", question);
        Assert.EndsWith("donnez son code.", question);
        Assert.Empty(await VeilleWorld.ItemsAsync(app.CreateBrowserlessClient(), $"?q={word}b"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_public_proposes_by_name(DatabaseProvider provider)
    {
        await using var app = await NewAppAsync(provider);
        var word = VeilleWorld.Word("Public");
        var fields = Fields(word, "saint etienne");
        fields["ContributorEmail"] = $"public-{Guid.NewGuid():N}@example.org";
        var sent = await new FormSession(app.CreateBrowserlessClient()).SubmitAsync("/veille/proposer", fields);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var proposal = await db.Set<Contrevue.Features.Moderation.Proposal>().SingleAsync(p => p.Kind == "article" && p.Data.Contains(word));
        Assert.Equal("42218", proposal.TerritoryCode);
    }

    private async Task<AppFactory> NewAppAsync(DatabaseProvider provider) =>
        new((await apps.GetAsync(provider)).Database, new Dictionary<string, string> { ["Abuse:UnverifiedPerMinute"] = "100" }, ownsDatabase: false);

    private static Dictionary<string, string> Fields(string word, string territories) => new()
    {
        ["Form.Url"] = $"https://www.midilibre.fr/herault/{word.ToLowerInvariant()}",
        ["Form.Title"] = $"Des caméras algorithmiques à Sète {word}",
        ["Form.Outlet"] = "Midi Libre",
        ["Form.Author"] = "",
        ["Form.PublishedOn"] = "2026-11-02",
        ["Form.Summary"] = "Le conseil municipal a voté.",
        ["Form.Territories"] = territories,
        ["Form.Tags"] = "vsa",
        ["Form.Dossiers"] = "",
    };
}
