using System.Net;
using System.Net.Http.Json;
using Contrevue.Features.Collectives.Profile;
using Contrevue.Features.Events.Profile;
using Contrevue.Features.Territories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

[Collection(AppsCollection.Name)]
public sealed class NearbyEventsTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Commune_and_departement_pages_show_the_next_events_of_their_departement_and_the_profile_its_collectives(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, ownsDatabase: false);
        var alice = await EventWorld.MemberOfNewCollectiveAsync(app, listed: true);
        var anonymous = app.CreateBrowserlessClient();
        var title = $"Déambulation {Guid.NewGuid():N}"[..26];
        var day = TimeProvider.System.GetUtcNow().AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        // Before: the page is rendered (and cached) without it; the event's write must show at once.
        var before = await anonymous.GetAsync("/communes/42095");
        var communePath = before.StatusCode == HttpStatusCode.OK ? "/communes/42095" : (before.Headers.Location!.IsAbsoluteUri ? before.Headers.Location.AbsolutePath : before.Headers.Location.OriginalString);
        Assert.DoesNotContain(title, await anonymous.GetStringAsync(communePath));

        var created = await alice.Api.PostAsJsonAsync("/api/v1/events", new
        {
            title, kind = "rally", collective = alice.CollectiveId, start = $"{day}T15:00", end = $"{day}T17:00",
            place = new { address = "Place Jean-Jaurès", territory = "42218" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Firminy (42095) is in the Loire too; the Loire's page; not the Rhône's.
        var commune = await anonymous.GetStringAsync(communePath);
        Assert.Contains("Prochains rendez-vous", HtmlText.Visible(commune));
        Assert.Contains(title, commune);
        Assert.Contains("/agenda?departement=42", commune);
        var loire = await anonymous.GetAsync("/departements/42");
        var loirePath = loire.StatusCode == HttpStatusCode.OK ? "/departements/42" : (loire.Headers.Location!.IsAbsoluteUri ? loire.Headers.Location.AbsolutePath : loire.Headers.Location.OriginalString);
        Assert.Contains(title, await anonymous.GetStringAsync(loirePath));
        var rhone = await anonymous.GetAsync("/departements/69");
        var rhonePath = rhone.StatusCode == HttpStatusCode.OK ? "/departements/69" : (rhone.Headers.Location!.IsAbsoluteUri ? rhone.Headers.Location.AbsolutePath : rhone.Headers.Location.OriginalString);
        Assert.DoesNotContain(title, await anonymous.GetStringAsync(rhonePath));

        // The collective's profile section (the profile itself renders every section it is given).
        using var scope = app.Services.CreateScope();
        var section = scope.ServiceProvider.GetServices<ICollectiveProfileSection>().OfType<CollectiveEventsSection>().Single();
        var view = await section.LoadAsync(new CollectiveProfileContext(alice.CollectiveId, "Collectif", [new TerritoryReference(TerritoryKind.Commune, "42218")], new DefaultHttpContext().Request), default);
        var model = Assert.IsType<CollectiveEventsModel>(view!.Model);
        Assert.Equal(title, Assert.Single(model.Items).Title);
        Assert.Equal("/Features/Events/Profile/_CollectiveEvents.cshtml", view.PartialName);
    }
}
