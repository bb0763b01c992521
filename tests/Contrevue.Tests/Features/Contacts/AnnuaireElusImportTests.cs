using System.Net;
using System.Net.Http.Json;
using System.Text;
using Contrevue.Features.Contacts;
using Contrevue.Features.Contacts.Import;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Contacts;

/// <summary>
/// <c>import annuaire</c> and <c>import elus</c> on fixtures in the published formats
/// (Fixtures/contacts: the DILA's JSON export, the RNE's elus-maires.csv with its byte order mark).
/// Each test has its own database: the imports change Saint-Étienne's contacts, which other tests read.
/// </summary>
public sealed class AnnuaireElusImportTests
{
    private static readonly string Annuaire = Path.Combine(AppContext.BaseDirectory, "Fixtures", "contacts", "annuaire-mairies.json");
    private static readonly string Elus = Path.Combine(AppContext.BaseDirectory, "Fixtures", "contacts", "elus-maires.csv");
    private static readonly TerritoryReference SaintEtienne = new(TerritoryKind.Commune, "42218");

    private const string Paragraph =
        "J'habite le quartier de Bellevue depuis vingt ans ; je refuse que mes enfants grandissent sous l'œil d'algorithmes qui décident de ce qui est « normal ».";

    private static async Task<AppFactory> StartAsync(DatabaseProvider provider)
    {
        var app = new AppFactory(await TestDatabases.CreateAsync(provider));
        using var client = app.CreateClient();
        (await client.GetAsync("/healthz")).EnsureSuccessStatusCode();
        return app;
    }

    private static async Task<ContactImportReport> ImportAnnuaireAsync(AppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContactImporter>().ImportAsync(await AnnuaireFile.ReadAsync(Annuaire, default), default);
    }

    private static async Task<ContactImportReport> ImportElusAsync(AppFactory app)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContactImporter>().ImportAsync(await ElusFile.ReadAsync(Elus, default), default);
    }

    private static async Task<ContactFacts?> FactsAsync(AppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContactService>().FindAsync(new TerritoryReference(TerritoryKind.Commune, code), default);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Both_imports_fill_their_own_fields_report_what_they_left_and_a_second_run_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var today = Contrevue.Infrastructure.Time.ParisCalendar.Today(TimeProvider.System);

        var annuaire = await ImportAnnuaireAsync(app);

        // Saint-Étienne, Lyon, Roanne and the unknown commune; Firminy's address is not in the published shape.
        Assert.Equal((4, 3, 0, 0), (annuaire.Entries, annuaire.Created, annuaire.Updated, annuaire.Unchanged));
        Assert.Equal(["99999"], annuaire.UnknownCodes);
        Assert.Equal(2, annuaire.Secondary); // Lyon's 1st arrondissement, Rochetaillée (mairie déléguée)
        Assert.Contains("Mairie - Firminy", Assert.Single(annuaire.Malformed));
        var saintEtienne = await FactsAsync(app, "42218");
        Assert.NotNull(saintEtienne);
        Assert.Equal("Hôtel de ville\nPlace de l'Hôtel-de-Ville\nCS 34205\n42014 Saint-Étienne Cedex 2", saintEtienne.PostalAddress);
        Assert.Equal(("contact@saint-etienne.fr", "https://www.saint-etienne.fr"), (saintEtienne.Email, saintEtienne.Website));
        Assert.Equal("Annuaire de l'administration (DILA), Licence Ouverte, fiche mise à jour le 28 novembre 2026", saintEtienne.AddressSource);
        Assert.Equal(today, saintEtienne.AddressImportedOn);
        Assert.Null(saintEtienne.Mayor);
        Assert.False(saintEtienne.IsModeratorVerified);
        var lyon = await FactsAsync(app, "69123");
        Assert.Equal(("1 place de la Comédie\n69001 Lyon", null, "https://www.lyon.fr"), (lyon!.PostalAddress, lyon.Email, lyon.Website));
        Assert.Null(await FactsAsync(app, "69381"));

        var elus = await ImportElusAsync(app);

        // Firminy is given by its number in the département ("95"), as older editions did.
        Assert.Equal((5, 1, 3, 0), (elus.Entries, elus.Created, elus.Updated, elus.Unchanged));
        Assert.Equal(["99999"], elus.UnknownCodes);
        Assert.Contains("ligne 7", Assert.Single(elus.Malformed));
        saintEtienne = await FactsAsync(app, "42218");
        Assert.Equal("Camille FICTIVE", saintEtienne!.Mayor);
        Assert.Equal(ElusFile.SourceName, saintEtienne.MayorSource);
        Assert.Equal(today, saintEtienne.MayorImportedOn);
        Assert.Equal("contact@saint-etienne.fr", saintEtienne.Email);
        Assert.Equal("Sacha ESSAI", (await FactsAsync(app, "42095"))!.Mayor);

        var annuaireAgain = await ImportAnnuaireAsync(app);
        var elusAgain = await ImportElusAsync(app);

        Assert.Equal((0, 0, 3), (annuaireAgain.Created, annuaireAgain.Updated, annuaireAgain.Unchanged));
        Assert.Equal((0, 0, 4), (elusAgain.Created, elusAgain.Updated, elusAgain.Unchanged));
        Assert.Equal(saintEtienne, await FactsAsync(app, "42218"));
        var output = new StringWriter();
        elusAgain.WriteTo(output, "elus-maires.csv");
        Assert.Contains("0 créé(s), 0 modifié(s), 4 inchangé(s)", output.ToString());

        using var scope = app.Services.CreateScope();
        var history = await scope.ServiceProvider.GetRequiredService<ContactHistory>().ForAsync(SaintEtienne, default);
        Assert.Equal(2, history.Count);
        Assert.All(history, revision => Assert.Equal(ContactHistory.ImportAuthorKind, revision.Author.Kind));
        Assert.Contains(history[0].Changes, change => change.Field == "mayor" && change.After == "Camille FICTIVE");
        Assert.Contains("import de données ouvertes", HtmlText.Visible(await app.CreateClient().GetStringAsync("/communes/42218/historique")));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_contact_a_moderator_published_is_never_overwritten(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        var verified = new ContactFacts { Mayor = "Maire vérifiée", Email = "cabinet@exemple.fr", Source = "affichage en mairie" };
        using (var scope = app.Services.CreateScope())
        {
            var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
            await contacts.ChangeAsync(SaintEtienne, verified, "moderator-account", null, "Proposition approuvée", null, default);
            await scope.ServiceProvider.GetRequiredService<Contrevue.Data.ContrevueDbContext>().SaveChangesAsync();
        }

        var annuaire = await ImportAnnuaireAsync(app);
        var elus = await ImportElusAsync(app);

        Assert.Contains("42218", annuaire.KeptVerified);
        Assert.Contains("42218", elus.KeptVerified);
        Assert.Equal(verified, await FactsAsync(app, "42218"));
        Assert.Equal("Alex MODELE", (await FactsAsync(app, "42187"))!.Mayor);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_letter_uses_the_imported_address_and_mayor_and_the_card_says_where_they_come_from(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        await ImportAnnuaireAsync(app);
        await ImportElusAsync(app);
        var client = app.CreateBrowserlessClient();
        object Request(string format) => new { territory = "42218", senderName = "Camille Dupont", senderKind = "individual", personalParagraph = Paragraph, format };

        var text = await (await client.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", Request("txt"))).Content.ReadAsStringAsync();
        var pdf = await client.PostAsJsonAsync("/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", Request("pdf"));
        var pdfText = Campaigns.LetterRenderingTests.PdfToText(await pdf.Content.ReadAsByteArrayAsync());

        Assert.Contains("À l'attention de Camille FICTIVE, maire", text);
        Assert.Contains("Place de l'Hôtel-de-Ville\nCS 34205\n42014 Saint-Étienne Cedex 2", text.ReplaceLineEndings("\n"));
        Assert.Contains("Place de l'Hôtel-de-Ville", pdfText);
        Assert.Contains("42014 Saint-Étienne Cedex 2", pdfText);

        var card = HtmlText.Visible(await client.GetStringAsync("/communes/42218-saint-etienne"));
        Assert.Contains("contact@saint-etienne.fr", card);
        Assert.Contains("Adresse, e-mail et site — source : Annuaire de l'administration (DILA), Licence Ouverte, fiche mise à jour le 28 novembre 2026, importé le", card);
        Assert.Contains("Nom du maire — source : Répertoire national des élus (ministère de l'Intérieur), Licence Ouverte, importé le", card);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_commands_import_and_refuse_a_file_of_the_wrong_format_with_a_French_message(DatabaseProvider provider)
    {
        await using var app = await StartAsync(provider);
        string[] configuration = [$"--Database:Provider={provider}", $"--ConnectionStrings:Default={app.Database.ConnectionString}"];

        var csvAsAnnuaire = await ContrevueCli.RunAsync(["import", "annuaire", Elus, .. configuration]);
        var jsonAsElus = await ContrevueCli.RunAsync(["import", "elus", Annuaire, .. configuration]);
        var missing = await ContrevueCli.RunAsync(["import", "annuaire", "/nulle/part.json", .. configuration]);
        var usage = await ContrevueCli.RunAsync(["import", "elus"]);
        var imported = await ContrevueCli.RunAsync(["import", "annuaire", Annuaire, .. configuration]);

        Assert.Equal((1, 1, 1, 2, 0), (csvAsAnnuaire, jsonAsElus, missing, usage, imported));
        Assert.Equal("contact@saint-etienne.fr", (await FactsAsync(app, "42218"))!.Email);
        var notJson = await Assert.ThrowsAsync<ContactImportException>(() => AnnuaireFile.ReadAsync(Elus, default));
        Assert.StartsWith("ce n'est pas l'export JSON de l'Annuaire de l'administration", notJson.Message);
        var notCsv = await Assert.ThrowsAsync<ContactImportException>(() => ElusFile.ReadAsync(Annuaire, default));
        Assert.StartsWith("ce n'est pas le fichier des maires du Répertoire national des élus", notCsv.Message);
    }

    [Theory]
    [InlineData("42", "42218", "42218")]
    [InlineData("42", "218", "42218")]
    [InlineData("1", "1", "01001")]
    [InlineData("2A", "4", "2A004")]
    [InlineData("971", "1", "97101")]
    [InlineData("971", "101", "97101")]
    [InlineData("42", "", null)]
    [InlineData("42", "42-18", null)]
    public void The_commune_code_is_whole_or_joined_to_the_departement(string departement, string commune, string? expected) =>
        Assert.Equal(expected, ElusFile.InseeCode(departement, commune));

    [Fact]
    public async Task The_annuaire_is_read_organisation_by_organisation_whatever_the_chunks()
    {
        var json = new StringBuilder("{\"version\": \"2026-11-28\", \"service\": [");
        for (var i = 0; i < 3_000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($$"""
                {"id": "id-{{i}}", "nom": "Mairie - Commune {{i}}", "pivot": [{"type_service_local": "mairie", "code_insee_commune": ["{{10000 + i}}"]}],
                 "code_insee_commune": "{{10000 + i}}", "adresse_courriel": ["mairie{{i}}@exemple.fr"]}
                """);
        }
        // One organisation larger than the reader's first buffer.
        json.Append($$""", {"id": "big", "nom": "Mairie - Grande", "mission": "{{new string('x', 200_000)}}", "pivot": [{"type_service_local": "mairie"}], "code_insee_commune": "20000", "adresse_courriel": ["grande@exemple.fr"]}""");
        json.Append("], \"autre\": {\"a\": [1, 2]}}");

        var file = await AnnuaireFile.ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(json.ToString()), 997), default);

        Assert.Equal(3_001, file.Organisations);
        Assert.Equal(3_001, file.Mairies.Count);
        Assert.Equal(("20000", "grande@exemple.fr"), (file.Mairies[^1].Code, file.Mairies[^1].Email));
        Assert.Empty(file.Malformed);
    }

    [Fact]
    public async Task A_truncated_annuaire_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"service\": [{\"id\": \"1\", \"nom\": \"Mairie - X\"");

        var refused = await Assert.ThrowsAsync<ContactImportException>(() => AnnuaireFile.ReadAsync(new MemoryStream(bytes), default));

        Assert.StartsWith("ce n'est pas l'export JSON de l'Annuaire de l'administration", refused.Message);
    }

    /// <summary>A stream that gives at most a few bytes per read, as a slow disk or a pipe may.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
