using Contrevue.Features.Mobilisation;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Contrevue.Tests.Features.Mobilisation;

/// <summary>A sign-up goes: unconfirmed after a week, confirmed after the retention delay, at once by its link or by the data-rights page.</summary>
[Collection(AppsCollection.Name)]
public sealed class RetentionTests(TestApps apps)
{
    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Sign_ups_are_erased_after_their_delays_by_a_fake_clock(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(new() { ["Mobilisation:RetentionDays"] = "200" }), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var confirmed = $"gardee-{Guid.NewGuid():N}@example.org";
        var unconfirmed = $"jamais-confirmee-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, confirmed, "42218");
        await MobilisationWorld.SignUpAsync(visitor, unconfirmed, "42218");

        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var eraser = new SignUpEraser(
            app.Services.GetRequiredService<IServiceScopeFactory>(), new MobilisationSettings(app.Services.GetRequiredService<IConfiguration>()),
            clock, NullLogger<SignUpEraser>.Instance);

        clock.Advance(TimeSpan.FromDays(6));
        await eraser.EraseDueAsync(CancellationToken.None);
        Assert.NotNull(await MobilisationWorld.RowAsync(app, unconfirmed));

        clock.Advance(TimeSpan.FromDays(1.01));
        await eraser.EraseDueAsync(CancellationToken.None);
        Assert.Null(await MobilisationWorld.RowAsync(app, unconfirmed));
        Assert.NotNull(await MobilisationWorld.RowAsync(app, confirmed));

        clock.SetUtcNow(TimeProvider.System.GetUtcNow().AddDays(199));
        await eraser.EraseDueAsync(CancellationToken.None);
        Assert.NotNull(await MobilisationWorld.RowAsync(app, confirmed));

        clock.SetUtcNow(TimeProvider.System.GetUtcNow().AddDays(200.01));
        await eraser.EraseDueAsync(CancellationToken.None);
        Assert.Null(await MobilisationWorld.RowAsync(app, confirmed));
    }

    [Fact]
    public void The_retention_is_365_days_unless_configured()
    {
        var settings = new MobilisationSettings(new ConfigurationBuilder().Build());
        Assert.Equal((365, 7), (settings.RetentionDays, settings.UnconfirmedDays));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_link_of_the_e_mail_erases_at_once_after_a_button_and_a_get_erases_nothing(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var email = $"effacee-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, email, "42218");
        var token = await MobilisationWorld.TokenSentToAsync(app, email);

        var page = HtmlText.Visible(await visitor.GetStringAsync($"/rejoindre/effacer?jeton={token}"));
        Assert.Contains("J'efface mon inscription", page);
        Assert.NotNull(await MobilisationWorld.RowAsync(app, email));

        var erased = await new FormSession(visitor).SubmitAsync($"/rejoindre/effacer?jeton={token}", new Dictionary<string, string> { ["jeton"] = token });
        Assert.Contains("votre inscription est effacée", HtmlText.Visible(await erased.Content.ReadAsStringAsync()));
        Assert.Null(await MobilisationWorld.RowAsync(app, email));

        var again = await new FormSession(visitor).SubmitAsync($"/rejoindre/effacer?jeton={token}", new Dictionary<string, string> { ["jeton"] = token });
        Assert.Contains("n'est pas ou plus valable", HtmlText.Visible(await again.Content.ReadAsStringAsync()));
        var confirmAgain = await new FormSession(visitor).SubmitAsync($"/rejoindre/confirmer?jeton={token}", new Dictionary<string, string> { ["jeton"] = token });
        Assert.Contains("n'est pas ou plus valable", HtmlText.Visible(await confirmAgain.Content.ReadAsStringAsync()));
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task A_get_of_the_confirmation_link_confirms_nothing(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var email = $"scanner-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpAsync(visitor, email, "42218");
        var token = await MobilisationWorld.TokenSentToAsync(app, email);

        Assert.Contains("Je confirme mon inscription", HtmlText.Visible(await visitor.GetStringAsync($"/rejoindre/confirmer?jeton={token}")));

        Assert.Null((await MobilisationWorld.RowAsync(app, email))!.ConfirmedAt);
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task The_data_rights_holder_finds_and_erases_by_address_only(DatabaseProvider provider)
    {
        await using var app = new AppFactory((await apps.GetAsync(provider)).Database, MobilisationWorld.Settings(), ownsDatabase: false);
        var visitor = app.CreateBrowserlessClient();
        var email = $"Droits-{Guid.NewGuid():N}@example.org";
        var other = $"autre-{Guid.NewGuid():N}@example.org";
        await MobilisationWorld.SignUpConfirmedAsync(app, visitor, email, "42218");
        await MobilisationWorld.SignUpAsync(visitor, email, "departement:42");
        await MobilisationWorld.SignUpAsync(visitor, other, "42218");

        await using var scope = app.Services.CreateAsyncScope();
        var holder = scope.ServiceProvider.GetServices<IPersonalDataHolder>().OfType<SignUpAddressHolder>().Single();
        var items = await holder.FindAsync(PersonalDataAddress.Normalize(email), CancellationToken.None);
        Assert.Equal(["Saint-Étienne confirmée", "Loire en attente de votre confirmation"], items.Select(i => $"{i.Subject} {i.Status}"));
        Assert.All(items, i => Assert.Equal(SignUpAddressHolder.Kind, i.Kind));

        Assert.Equal(2, await holder.EraseAsync(PersonalDataAddress.Normalize(email), TimeProvider.System.GetUtcNow().UtcDateTime, CancellationToken.None));
        Assert.Null(await MobilisationWorld.RowAsync(app, email));
        Assert.NotNull(await MobilisationWorld.RowAsync(app, other));
    }
}
