using Microsoft.Extensions.DependencyInjection;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;

namespace Contrevue.Tests.Features.Territories;

/// <summary>Every form's territory field takes what people type: a name, a postal code, a code.</summary>
[Collection(AppsCollection.Name)]
public sealed class TerritoryFieldTests(TestApps apps)
{
    private static readonly TerritoryKind[] Communes = [TerritoryKind.Commune];

    private async Task<TerritoryFieldResult> ResolveAsync(DatabaseProvider provider, string? typed, params TerritoryKind[] kinds)
    {
        var app = await apps.GetAsync(provider);
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TerritoryField>().ResolveAsync(typed, kinds, CancellationToken.None);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_name_as_people_type_it_a_postal_code_or_a_code_gives_the_commune(DatabaseProvider provider)
    {
        foreach (var typed in new[] { "saint etienne", "Saint-Étienne", "st etienne", "ST-ÉTIENNE", "42000", "42218", "commune:42218", "Saint-Étienne (42218)" })
        {
            var found = Assert.IsType<TerritoryFieldResult.Found>(await ResolveAsync(provider, typed, Communes));
            Assert.Equal(new TerritoryReference(TerritoryKind.Commune, "42218"), found.Territory);
            Assert.Equal("Saint-Étienne", found.Name);
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_name_borne_by_several_communes_offers_them_to_choose(DatabaseProvider provider)
    {
        var ambiguous = Assert.IsType<TerritoryFieldResult.Ambiguous>(await ResolveAsync(provider, "Saint-Martin", Communes));

        Assert.Equal("Plusieurs territoires répondent à « Saint-Martin » : choisissez le vôtre.", ambiguous.Message);
        Assert.True(ambiguous.Choices.Count is > 1 and <= 8);
        Assert.All(ambiguous.Choices, choice => Assert.Equal("Saint-Martin", choice.Name));
        // Each choice, sent back, is read exactly.
        var first = ambiguous.Choices[0];
        var chosen = Assert.IsType<TerritoryFieldResult.Found>(await ResolveAsync(provider, first.FieldValue, Communes));
        Assert.Equal(first.Territory, chosen.Territory);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Nothing_found_a_wrong_level_or_a_hostile_text_is_a_french_error(DatabaseProvider provider)
    {
        Assert.Equal("Aucune commune ne correspond à « Xyzzyville » : vérifiez l'orthographe, ou donnez son code postal.",
            Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, "Xyzzyville", Communes)).Message);
        Assert.Equal("Indiquez la commune : son nom, son code postal ou son code INSEE.",
            Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, "   ", Communes)).Message);
        Assert.Equal("Loire n'est pas une commune : indiquez une commune.",
            Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, "departement:42", Communes)).Message);
        Assert.Equal("Territoire inconnu : epci:000000000.",
            Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, "epci:000000000")).Message);
        Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, "Saint\u0007Étienne", Communes));
        Assert.IsType<TerritoryFieldResult.Invalid>(await ResolveAsync(provider, new string('a', 5_000), Communes));
        // A département is accepted where every level is.
        Assert.Equal(new TerritoryReference(TerritoryKind.Departement, "42"),
            Assert.IsType<TerritoryFieldResult.Found>(await ResolveAsync(provider, "departement:42")).Territory);
    }
}
