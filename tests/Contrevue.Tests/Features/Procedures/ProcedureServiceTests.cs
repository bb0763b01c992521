using Contrevue.Features.Procedures;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Procedures;

[Collection(AppsCollection.Name)]
public sealed class ProcedureServiceTests(TestApps apps)
{
    private static ProcedureInput Request(string title = "Convention de vidéosurveillance") =>
        new("cada-request", title, "Mairie de Firminy", "42", null, "La convention signée et ses avenants.", "2025-03-03", "https://madada.fr/demande/convention");

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Fields_are_checked_with_french_messages(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app), signIn: false);
        using var scope = app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ProcedureService>();

        var invalid = Assert.IsType<ProcedureChange.Invalid>(await service.CreateAsync(member.UserId, member.CollectiveId,
            new ProcedureInput("procès", "ab", "x", "99", 999_999, new string('a', 10_001), "2999-01-01", "https://exemple.fr/madada.fr/"), default));
        Assert.StartsWith("Choisissez le type de procédure parmi : Demande de communication", invalid.Errors["kind"][0]);
        Assert.Equal("Le titre doit faire entre 3 et 200 caractères.", invalid.Errors["title"][0]);
        Assert.Equal("Le nom de l'administration doit faire entre 2 et 200 caractères.", invalid.Errors["authorityName"][0]);
        Assert.StartsWith("Département inconnu : 99", invalid.Errors["departementCode"][0]);
        Assert.Equal("Aucun dossier de l'observatoire ne porte le numéro 999999.", invalid.Errors["dossierId"][0]);
        Assert.Equal("L'objet ne peut pas dépasser 10000 caractères.", invalid.Errors["subject"][0]);
        Assert.Equal("La date de départ des délais ne peut pas être dans le futur.", invalid.Errors["startOn"][0]);
        Assert.StartsWith("Le lien vers madada.fr doit commencer par https://madada.fr/", invalid.Errors["madadaUrl"][0]);
        var old = Assert.IsType<ProcedureChange.Invalid>(await service.CreateAsync(member.UserId, member.CollectiveId, Request() with { StartOn = "1989-12-31" }, default));
        Assert.Equal("La date de départ des délais ne peut pas être antérieure à 1990.", old.Errors["startOn"][0]);

        Assert.IsType<ProcedureChange.NotFound>(await service.CreateAsync("pas-membre", member.CollectiveId, Request(), default));
        var done = Assert.IsType<ProcedureChange.Done>(await service.CreateAsync(member.UserId, member.CollectiveId, Request(), default));
        Assert.Equal(ProcedureStatus.Draft, done.Procedure.Status);
        Assert.False(done.Procedure.IsPublic);

        var badEvent = Assert.IsType<ProcedureChange.Invalid>(await service.AddEventAsync(member.UserId, done.Procedure.Id, new ProcedureEventInput("perdu", "", new string('n', 2001)), default));
        Assert.StartsWith("Choisissez le type d'évènement", badEvent.Errors["kind"][0]);
        Assert.Equal("La date de l'évènement est requise.", badEvent.Errors["on"][0]);
        Assert.Equal("La note ne peut pas dépasser 2000 caractères.", badEvent.Errors["note"][0]);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Events_are_in_date_order_and_a_request_continues_into_a_referral_then_the_court(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app), signIn: false);
        int requestId;
        using (var scope = app.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ProcedureService>();
            requestId = Assert.IsType<ProcedureChange.Done>(await service.CreateAsync(member.UserId, member.CollectiveId, Request(), default)).Procedure.Id;
            await service.AddEventAsync(member.UserId, requestId, new("received", "2025-03-03", "AR 1A 234"), default);
            await service.AddEventAsync(member.UserId, requestId, new("sent", "2025-02-28", null), default);
            var wrongNext = Assert.IsType<ProcedureChange.Invalid>(await service.ContinueAsync(member.UserId, requestId, "cnil-complaint", default));
            Assert.StartsWith("Une procédure « Demande de communication de documents administratifs » se poursuit par : Saisine de la CADA", wrongNext.Errors["kind"][0]);
        }
        using (var scope = app.Services.CreateScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ProcedureService>();
            var read = Assert.IsType<ProcedureLookup.Visible>(await service.ReadAsync(requestId, member.UserId, default));
            Assert.Equal(["sent", "received"], read.Procedure.Events.Select(e => e.Kind));

            var referral = Assert.IsType<ProcedureChange.Done>(await service.ContinueAsync(member.UserId, requestId, "cada-referral", default)).Procedure;
            Assert.Equal("cada-referral", referral.Kind);
            Assert.Equal(requestId, referral.PreviousProcedureId);
            Assert.Equal("Mairie de Firminy", referral.AuthorityName);
            Assert.Equal("42", referral.DepartementCode);
            Assert.Null(referral.StartOn);
            Assert.StartsWith("Saisine de la CADA suite au refus implicite de Mairie de Firminy", referral.Subject);
            Assert.Contains("La convention signée et ses avenants.", referral.Subject);
            Assert.Contains("28 février 2025", referral.Subject);

            var previous = Assert.IsType<ProcedureLookup.Visible>(await service.ReadAsync(requestId, member.UserId, default));
            Assert.Equal(ProcedureStatus.Continued, previous.Procedure.Status);

            await service.AddEventAsync(member.UserId, referral.Id, new("registered", "2025-04-10", null), default);
            await service.AddEventAsync(member.UserId, referral.Id, new("opinion", "2025-06-12", "Avis favorable"), default);
            var court = Assert.IsType<ProcedureChange.Done>(await service.ContinueAsync(member.UserId, referral.Id, null, default)).Procedure;
            Assert.Equal("decision", court.Kind);
            Assert.Equal(new DateOnly(2025, 6, 12), court.StartOn);
            Assert.Equal(referral.Id, court.PreviousProcedureId);
            Assert.IsType<ProcedureChange.Invalid>(await service.ContinueAsync(member.UserId, court.Id, null, default));
            Assert.IsType<ProcedureChange.NotFound>(await service.ContinueAsync("pas-membre", requestId, null, default));
        }
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Requests_to_several_authorities_form_a_series_of_one_collective(DatabaseProvider provider)
    {
        var app = await apps.GetAsync(provider);
        var member = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app), signIn: false);
        var other = await ProcedureWorld.MemberAsync(app, await ProcedureWorld.CreateCollectiveAsync(app), signIn: false);
        using var scope = app.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<ProcedureService>();

        var (none, errors) = await service.CreateSeriesAsync(member.UserId, member.CollectiveId, "ab", default);
        Assert.Null(none);
        Assert.Equal("Le titre de la série doit faire entre 3 et 200 caractères.", errors["title"][0]);
        var (series, _) = await service.CreateSeriesAsync(member.UserId, member.CollectiveId, "Conventions de la Loire", default);
        var first = Assert.IsType<ProcedureChange.Done>(await service.CreateAsync(member.UserId, member.CollectiveId, Request() with { SeriesId = series!.Id }, default)).Procedure;
        var second = Assert.IsType<ProcedureChange.Done>(await service.CreateAsync(member.UserId, member.CollectiveId, Request() with { AuthorityName = "Saint-Étienne Métropole" }, default)).Procedure;
        Assert.IsType<ProcedureChange.Done>(await service.AssignSeriesAsync(member.UserId, second.Id, series.Id, default));

        var found = await service.ReadSeriesAsync(series.Id, member.UserId, default);
        Assert.Equal([first.Id, second.Id], found!.Value.Procedures.Select(p => p.Id).Order());
        Assert.Null(await service.ReadSeriesAsync(series.Id, other.UserId, default));

        var (foreign, _) = await service.CreateSeriesAsync(other.UserId, other.CollectiveId, "Autre collectif", default);
        var refused = Assert.IsType<ProcedureChange.Invalid>(await service.AssignSeriesAsync(member.UserId, first.Id, foreign!.Id, default));
        Assert.Equal("Cette série n'existe pas dans ce collectif.", refused.Errors["seriesId"][0]);

        var referral = Assert.IsType<ProcedureChange.Done>(await service.ContinueAsync(member.UserId, first.Id, null, default)).Procedure;
        Assert.Equal(series.Id, referral.SeriesId);
    }
}
