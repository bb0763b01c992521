using Contrevue.Features.Territories.Import;
using Contrevue.Features.Territories.Mentions;
using Contrevue.Tests.Hardening;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Territories.Mentions;

/// <summary>Each rule of the commune suggestions, on the real territory data of each provider.</summary>
[Collection(AppsCollection.Name)]
public sealed class TerritoryMentionsTests(TestApps apps)
{
    private async Task<IReadOnlyList<TerritoryMention>> FindAsync(DatabaseProvider provider, string text) =>
        await (await apps.GetAsync(provider)).Services.GetRequiredService<TerritoryMentions>().FindAsync(text, default);

    private async Task<List<string>> TerritoriesAsync(DatabaseProvider provider, string text) =>
        [.. (await FindAsync(provider, text)).Where(m => m.Territory is not null).Select(m => m.Territory!)];

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_plain_name_is_found_with_its_text_and_insee_code(DatabaseProvider provider)
    {
        var mention = Assert.Single(await FindAsync(provider, "À Sète, la mairie installe des caméras."));

        Assert.Equal(new TerritoryMention("Sète", "34301", false, []), mention with { Candidates = [] });
        Assert.Empty(mention.Candidates);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Prepositions_melted_with_the_article_are_read(DatabaseProvider provider)
    {
        Assert.Equal(["76351"], await TerritoriesAsync(provider, "Au Havre, des caméras"));
        Assert.Equal(["76351"], await TerritoriesAsync(provider, "Le maire du Havre répond"));
        Assert.Equal(["78440"], await TerritoriesAsync(provider, "Aux Mureaux, des caméras"));
        Assert.Equal(["78440"], await TerritoriesAsync(provider, "Les habitants des Mureaux protestent"));
        Assert.Equal(["49007"], await TerritoriesAsync(provider, "La mairie d'Angers répond"));
        Assert.Equal(["49007"], await TerritoriesAsync(provider, "La mairie d’Angers répond"));
        Assert.Equal(["42218"], await TerritoriesAsync(provider, "Les élus de Saint-Étienne"));
        // "Havre" without "au" or "du" is a word, not Le Havre.
        Assert.Empty(await TerritoriesAsync(provider, "Un Havre de paix pour les caméras"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Accents_case_hyphens_and_abbreviations_do_not_matter(DatabaseProvider provider)
    {
        foreach (var text in new[] { "St-Étienne vote", "Saint Etienne vote", "St Etienne vote", "Saint-Etienne vote", "SAINT-ÉTIENNE vote" })
        {
            Assert.Equal(["42218"], await TerritoriesAsync(provider, text));
        }
        Assert.Equal(["94038"], await TerritoriesAsync(provider, "À L'Haÿ-les-Roses, des caméras"));
        Assert.Equal(["59009"], await TerritoriesAsync(provider, "Villeneuve d'Ascq vote contre"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Nicknames_of_the_table_are_read(DatabaseProvider provider)
    {
        Assert.Equal(["42218"], await TerritoriesAsync(provider, "Sainté : les supporters inquiets"));
        Assert.Equal(["region:84"], await TerritoriesAsync(provider, "L'AURA finance les caméras"));
        Assert.Equal(["region:93"], await TerritoriesAsync(provider, "La région PACA équipe ses lycées"));
        // Only as written: "aura" is a verb, "Sainte" the start of many names.
        Assert.Empty(await TerritoriesAsync(provider, "La commune aura des caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "Une Sainte colère contre les caméras"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Common_words_need_a_capital_in_mid_sentence_or_context(DatabaseProvider provider)
    {
        Assert.Empty(await TerritoriesAsync(provider, "Il a fallu s'y reprendre à plusieurs tours"));
        Assert.Equal(["37261"], await TerritoriesAsync(provider, "La mairie de Tours publie la liste"));
        Assert.Equal(["37261"], await TerritoriesAsync(provider, "Les élus ont choisi Tours pour tester"));
        // At the start of a sentence every word has a capital: a small place needs more.
        Assert.Empty(await TerritoriesAsync(provider, "Sens interdit : les caméras ne verbaliseront plus"));
        Assert.Empty(await TerritoriesAsync(provider, "Vue imprenable sur les caméras du stade"));
        Assert.Empty(await TerritoriesAsync(provider, "La garde à vue a duré 48 heures"));
        Assert.Equal(["89387"], await TerritoriesAsync(provider, "À Sens, la police municipale teste"));
        Assert.Equal(["89387"], await TerritoriesAsync(provider, "Sens (Yonne) abandonne son projet"));
        Assert.Equal(["89387"], await TerritoriesAsync(provider, "Sens : la ville abandonne son projet"));
        Assert.Equal(["44220", "departement:44"], await TerritoriesAsync(provider, "À Vue, en Loire-Atlantique, le conseil vote contre"));
        // A large city is meant even at the start of a sentence.
        Assert.Equal(["06088"], await TerritoriesAsync(provider, "Nice étend son réseau de caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "« C'est nice », ironise un élu"));
        Assert.Empty(await TerritoriesAsync(provider, "Le bar du coin est filmé"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task One_or_two_letter_names_and_other_proper_nouns_need_context(DatabaseProvider provider)
    {
        Assert.Empty(await TerritoriesAsync(provider, "La génération Y face à la surveillance"));
        Assert.Equal(["80829", "departement:80"], await TerritoriesAsync(provider, "À Y, dans la Somme, un habitant filme les caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "Ils ont eu gain de cause"));
        Assert.Equal(["76255"], await TerritoriesAsync(provider, "Les habitants d'Eu découvrent des caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "Orange signe un contrat de VSA"));
        Assert.Empty(await TerritoriesAsync(provider, "L'opérateur Orange fournira le réseau"));
        Assert.Equal(["84087"], await TerritoriesAsync(provider, "À Orange, le maire installe des caméras"));
        Assert.Equal(["84087"], await TerritoriesAsync(provider, "Le maire d'Orange défend ses caméras"));
        Assert.Equal(["84087", "departement:84"], await TerritoriesAsync(provider, "Orange, dans le Vaucluse, vote la vidéoverbalisation"));
        Assert.Empty(await TerritoriesAsync(provider, "Matignon prépare un décret"));
        Assert.Empty(await TerritoriesAsync(provider, "Élisabeth Borne défend la loi"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Names_inside_other_names_are_not_places(DatabaseProvider provider)
    {
        Assert.Empty(await TerritoriesAsync(provider, "Nice-Matin révèle le coût des caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "L'université Paris-Saclay publie une étude"));
        Assert.Empty(await TerritoriesAsync(provider, "La Voix du Nord révèle la liste"));
        Assert.Empty(await TerritoriesAsync(provider, "En Corée du Nord, la surveillance est totale"));
        Assert.Equal(["93048"], await TerritoriesAsync(provider, "Les caméras de la rue de Paris à Montreuil seront retirées"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_longest_name_wins(DatabaseProvider provider)
    {
        var mention = Assert.Single(await FindAsync(provider, "En Seine-Saint-Denis, le département finance des caméras"));
        Assert.Equal(("Seine-Saint-Denis", "departement:93"), (mention.Text, mention.Territory));
        Assert.Equal(["63113"], await TerritoriesAsync(provider, "À Clermont-Ferrand, un drone"));
        Assert.Equal(["93070"], await TerritoriesAsync(provider, "À Saint-Ouen-sur-Seine, la VSA"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Homonyms_are_left_ambiguous_with_their_candidates(DatabaseProvider provider)
    {
        var saintDenis = Assert.Single(await FindAsync(provider, "La ville de Saint-Denis vote un budget"));
        Assert.True(saintDenis.Ambiguous);
        Assert.Null(saintDenis.Territory);
        Assert.Equal(["97411", "93066"], saintDenis.Candidates.Take(2));
        Assert.Contains("11339", saintDenis.Candidates);

        var saintMartin = Assert.Single(await FindAsync(provider, "Saint-Martin : les caméras de la mairie"));
        Assert.True(saintMartin.Ambiguous);
        Assert.Equal(5, saintMartin.Candidates.Count);
        Assert.Contains("97801", saintMartin.Candidates);
        Assert.Contains("32389", saintMartin.Candidates);

        var vitry = Assert.Single(await FindAsync(provider, "À Vitry, un collectif proteste"));
        Assert.True(vitry.Ambiguous);
        Assert.Equal(["94081", "51649"], vitry.Candidates);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Homonyms_are_resolved_by_a_qualifier_or_a_territory_named_nearby(DatabaseProvider provider)
    {
        Assert.Equal(["93066"], await TerritoriesAsync(provider, "Saint-Denis (93) : la VSA autour du stade"));
        Assert.Equal(["93066"], await TerritoriesAsync(provider, "Saint-Denis (93200) : la VSA autour du stade"));
        Assert.Equal(["93066"], await TerritoriesAsync(provider, "Saint-Denis (Seine-Saint-Denis) : la VSA autour du stade"));
        Assert.Equal(["97411", "departement:974"], await TerritoriesAsync(provider, "À Saint-Denis de La Réunion, la mairie installe des caméras"));
        Assert.Equal(["93066", "departement:93"], await TerritoriesAsync(provider, "Saint-Denis : le préfet de Seine-Saint-Denis autorise la VSA"));
        Assert.Equal(["93066", "93001"], await TerritoriesAsync(provider, "Saint-Denis et Aubervilliers mutualisent leurs caméras"));
        Assert.Equal(["32389"], await TerritoriesAsync(provider, "À Saint-Martin (Gers), un conseiller démissionne"));
        Assert.Equal(["51649", "departement:51"], await TerritoriesAsync(provider, "Vitry, dans la Marne, installe ses caméras"));
        Assert.Equal(["94081"], await TerritoriesAsync(provider, "À Vitry (94), le collectif obtient la liste"));
        // A large city ten times larger than its homonyms is the one meant.
        Assert.Equal(["26362"], await TerritoriesAsync(provider, "Valence : 40 nouvelles caméras"));
        Assert.Equal(["63113"], await TerritoriesAsync(provider, "Clermont : la majorité vote le contrat"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Departements_and_regions_are_found(DatabaseProvider provider)
    {
        Assert.Equal(["departement:42"], await TerritoriesAsync(provider, "Le département de la Loire subventionne la vidéoprotection"));
        Assert.Equal(["region:84"], await TerritoriesAsync(provider, "En Auvergne-Rhône-Alpes, la région vote la VSA"));
        Assert.Equal(["departement:59"], await TerritoriesAsync(provider, "Dans le Nord, le préfet autorise 40 communes"));
        Assert.Equal(["region:53"], await TerritoriesAsync(provider, "En Bretagne, aucun lycée n'aura de VSA"));
        Assert.Equal(["departement:86"], await TerritoriesAsync(provider, "Dans la Vienne, la préfecture autorise 12 communes"));
        Assert.Equal(["38544"], await TerritoriesAsync(provider, "À Vienne, le conseil municipal adopte la vidéoverbalisation"));
        Assert.Equal(["38544"], await TerritoriesAsync(provider, "Vienne (Isère) adopte la vidéoverbalisation"));
        Assert.Equal(["75056"], await TerritoriesAsync(provider, "Paris installe des caméras"));
        Assert.Empty(await TerritoriesAsync(provider, "Le collectif Technopolice Loire réunit des habitants"));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Each_territory_is_mentioned_once_in_the_order_of_the_text(DatabaseProvider provider)
    {
        var found = await FindAsync(provider, "Marseille vote. À Marseille comme à Toulouse, puis de nouveau Marseille.");

        Assert.Equal(["13055", "31555"], found.Select(m => m.Territory));
        Assert.Empty(await FindAsync(provider, "   "));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Hostile_and_odd_texts_never_break_the_search(DatabaseProvider provider)
    {
        var mentions = (await apps.GetAsync(provider)).Services.GetRequiredService<TerritoryMentions>();
        string[] odd =
        [
            "(", ")", "Saint-Denis (", "Saint-Denis (93", "Saint-Denis ()", "Le", "au", "à", "À La", "Seine-Saint-", "-Denis",
            "Saint-Denis (99999)", "Saint-Denis (Atlantide)", string.Join('-', Enumerable.Repeat("Saint", 5_000)),
            string.Join(' ', Enumerable.Repeat("la Loire (42) de la", 1_000)), "d'", "’", "L'", "Y Y Y Y", "AURA-PACA",
        ];
        foreach (var text in odd.Concat(HostileStrings.Corpus))
        {
            Assert.NotNull(await mentions.FindAsync(text, default));
        }
        await HostileStrings.Generated.SampleAsync(async text => Assert.NotNull(await mentions.FindAsync(text, default)), iter: 1_000_000, time: 5, threads: 1);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_names_follow_a_new_import(DatabaseProvider provider)
    {
        await using var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        using (app.CreateClient())
        {
        }
        var mentions = app.Services.GetRequiredService<TerritoryMentions>();
        Assert.Equal("13055", Assert.Single(await mentions.FindAsync("À Marseille, des caméras", default)).Territory);
        Assert.Empty(await mentions.FindAsync("À Villeneuve-Test, des caméras", default));

        using (var scope = app.Services.CreateScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<TerritoryImporter>();
            var release = await TerritorySource.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "territories-v2"), default);
            await importer.ImportAsync(release, TerritoryImportOrigin.Directory, force: false, default);
        }

        Assert.Empty(await mentions.FindAsync("À Marseille, des caméras", default));
        // A former name (commune déléguée) leads to today's commune.
        Assert.Equal("42095", Assert.Single(await mentions.FindAsync("À Villeneuve-Test, des caméras", default)).Territory);
    }
}
