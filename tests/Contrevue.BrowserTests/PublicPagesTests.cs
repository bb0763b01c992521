using System.Text;
using Contrevue.BrowserTests.Infrastructure;
using Contrevue.Data;
using Contrevue.Features.Observatoire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.BrowserTests;

/// <summary>
/// Every public page — found in the app's routes, so a new page is checked without a change here — on a
/// 390 px phone: nothing scrolls sideways (<c>scrollWidth ≤ clientWidth</c>), axe finds nothing serious in
/// light or dark, and every radio button and checkbox sits on its label's first line, before the text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(BrowserFixture fixture)
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task Every_public_page_fits_a_390_pixel_phone_is_accessible_in_both_schemes_and_lays_out_its_choices()
    {
        var paths = await PublicPathsAsync();
        Assert.True(paths.Count >= 30, $"only {paths.Count} public pages found: {string.Join(", ", paths)}");
        var problems = new List<string>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await using var watched = await fixture.OpenAsync(new() { ViewportSize = new() { Width = PhoneWidth, Height = 844 }, ColorScheme = scheme });
            foreach (var path in paths)
            {
                var response = await watched.Page.GotoAsync(path);
                if (response is null || response.Status >= 500)
                {
                    problems.Add($"{path}: {response?.Status}");
                    continue;
                }
                var widths = await watched.Page.EvaluateAsync<int[]>("[document.documentElement.scrollWidth, document.documentElement.clientWidth]");
                if (widths[0] > widths[1])
                {
                    var wide = await watched.Page.EvaluateAsync<string>(WidestElements);
                    problems.Add($"{path}: {widths[0]} px wide in a {widths[1]} px window ({wide})");
                }
                if (scheme == ColorScheme.Light)
                {
                    foreach (var misplaced in await watched.Page.EvaluateAsync<string[]>(MisplacedChoices))
                    {
                        problems.Add($"{path}: {misplaced}");
                    }
                }
                var axe = await Axe.RunAsync(watched.Page);
                var blocking = axe.Violations.Where(v => v.IsSeriousOrCritical).ToList();
                if (blocking.Count > 0)
                {
                    problems.Add($"{path} ({scheme}): {Axe.Describe(blocking)}");
                }
            }
            watched.AssertNoRequestLeftTheOrigin();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task On_a_phone_the_templates_show_one_templates_fields_and_the_first_dossier_comes_within_the_first_screens(bool javaScript)
    {
        await SeedAsync();
        await using var watched = await fixture.OpenAsync(new() { JavaScriptEnabled = javaScript, ViewportSize = new() { Width = PhoneWidth, Height = 844 } });
        var page = watched.Page;

        await page.GotoAsync("/procedures/modeles?modele=contravention-contest");
        await Expect(page.GetByLabel("Numéro de l'avis")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Date de votre demande")).ToBeHiddenAsync();
        await Expect(page.GetByLabel("Traitement concerné")).ToBeHiddenAsync();
        // Shorter than the same page with every template's fields shown, as it was.
        var height = await page.EvaluateAsync<int>("document.documentElement.scrollHeight");
        var everything = await page.EvaluateAsync<int>(
            "(() => { const all = [...document.querySelectorAll('.template-fields')]; all.forEach(e => e.style.display = 'block'); const h = document.documentElement.scrollHeight; all.forEach(e => e.style.display = ''); return h; })()");
        Assert.True(height < everything - 800, $"/procedures/modeles is {height} px high for one template, {everything} px with every template's fields, at {PhoneWidth} px.");
        // Another template chosen: its own fields appear, the fine's go, with or without JavaScript.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Saisine de la CADA", Exact = true }).CheckAsync();
        await Expect(page.GetByLabel("Date de votre demande")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Numéro de l'avis")).ToBeHiddenAsync();

        await page.GotoAsync("/observatoire");
        var firstDossier = await page.Locator(".dossier-card").First.BoundingBoxAsync();
        Assert.NotNull(firstDossier);
        Assert.True(firstDossier.Y < 1.3 * 844, $"the first dossier starts {firstDossier.Y} px down a {844} px screen");
        watched.AssertNoRequestLeftTheOrigin();
        watched.AssertNoBrowserErrors();
    }

    /// <summary>The elements sticking out of the window, for the failure message.</summary>
    private const string WidestElements = """
        (() => {
          const width = document.documentElement.clientWidth;
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .slice(0, 5)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')
            .join(', ');
        })()
        """;

    /// <summary>A radio button or checkbox inside its label must be at the label's start, on its first line.</summary>
    private const string MisplacedChoices = """
        [...document.querySelectorAll('label > input[type=radio], label > input[type=checkbox]')]
          .filter(input => input.getClientRects().length > 0)
          .map(input => {
            const box = input.getBoundingClientRect();
            const label = input.parentElement.getBoundingClientRect();
            const line = parseFloat(getComputedStyle(input.parentElement).lineHeight) || 24;
            const onFirstLine = box.top >= label.top - 2 && box.bottom <= label.top + line + 4;
            const atStart = box.left <= label.left + 4;
            return onFirstLine && atStart ? null
              : `${input.type} « ${input.parentElement.textContent.trim().slice(0, 40)} » at (${Math.round(box.left - label.left)}, ${Math.round(box.top - label.top)}) in its label`;
          })
          .filter(problem => problem !== null)
        """;

    /// <summary>Each anonymous GET page of the app, its route values filled with existing things.</summary>
    private async Task<List<string>> PublicPathsAsync()
    {
        var (dossierPath, dossierId, vendorSlug, collectiveKey, eventKey) = await SeedAsync();
        var endpoints = fixture.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor)
            .Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("GET"))
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)
            .ToList();
        var paths = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var raw = endpoint.RoutePattern.RawText ?? "";
            var path = raw switch
            {
                "/observatoire/dossiers/{key}" => dossierPath,
                _ => UrlOf(endpoint, parameter => parameter.Name switch
                {
                    "slug" when raw.Contains("fournisseurs", StringComparison.Ordinal) => vendorSlug,
                    "slug" => "pas-de-vsa-dans-ma-ville",
                    "key" when raw.StartsWith("/collectifs", StringComparison.Ordinal) => collectiveKey,
                    "key" when raw.StartsWith("/agenda", StringComparison.Ordinal) => eventKey,
                    "id" when raw.Contains("dossiers", StringComparison.Ordinal) => dossierId,
                    "key" when raw.StartsWith("/departements", StringComparison.Ordinal) => "42-loire",
                    "key" when raw.StartsWith("/regions", StringComparison.Ordinal) => "84",
                    "key" when raw.StartsWith("/epci", StringComparison.Ordinal) => "244200770",
                    "key" or "insee" => "42218",
                    "token" => "jeton-inconnu",
                    _ => "1",
                }),
            };
            // Pages that only make sense with a query get a typical one.
            path += raw switch
            {
                "/campagnes/{slug}/lettre" or "/campagnes/{slug}/envoi" or "/campagnes/{slug}/reponse" => "?territoire=42218",
                "/campagnes/{slug}/envois-groupes" => "?departement=90",
                "/recherche" => "?q=saint",
                "/delais" => "?procedure=contravention-contest&start=2026-10-15",
                "/procedures/modeles" => "?modele=contravention-contest",
                "/observatoire/signaler" => $"?dossier={dossierId}",
                "/proposer/contact" => "?territoire=42218",
                _ => "",
            };
            paths.Add(path);
        }
        return paths;
    }

    private static string UrlOf(RouteEndpoint endpoint, Func<RoutePatternParameterPart, string> value)
    {
        var url = new StringBuilder();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                url.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => value(parameter),
                    _ => "",
                });
            }
        }
        return url.Length == 0 ? "/" : url.ToString();
    }

    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static (string, string, string, string, string)? _seeded;

    /// <summary>A dossier with alerts and a vendor, and a listed collective one can write to, for the pages that show one.</summary>
    private async Task<(string DossierPath, string DossierId, string VendorSlug, string CollectiveKey, string EventKey)> SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (_seeded is { } seeded)
            {
                return seeded;
            }
            using var scope = fixture.Services.CreateScope();
            var change = await scope.ServiceProvider.GetRequiredService<DossierService>().CreateAsync(new DossierDocument
            {
                Title = "Vidéoverbalisation sans autorisation au centre-ville, avec un titre assez long pour passer à la ligne",
                Summary = "La commune verbalise par caméra sans que l'arrêté préfectoral le prévoie.",
                Authority = new AuthorityDocument("commune", "42218", null),
                Technologies = ["video-verbalisation", "vsa"],
                Vendors = [new VendorReference(null, "Vision Parcours SAS", "Verbalisateur 3000")],
                Status = "deployed",
                StatusSince = "2024-01-15",
                CameraCount = 48,
                Authorization = new AuthorizationDocument("2018/12", "2018-02-01", null, false, "Protection des bâtiments publics"),
                Sources = [new SourceDocument { Kind = "article", Title = "La vidéoverbalisation arrive", Url = "https://example.org/videoverbalisation", Confidence = "probable" }],
            }, "browser-tests", default);
            var dossier = Assert.IsType<DossierChange.Saved>(change).Dossier;
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var vendor = await db.Set<Vendor>().Where(v => v.Name == "Vision Parcours SAS").Select(v => v.Slug).FirstAsync();
            var collectives = scope.ServiceProvider.GetRequiredService<Contrevue.Features.Collectives.CollectiveService>();
            var created = await collectives.CreateAsync("browser-tests", new Contrevue.Features.Collectives.CollectiveInput(
                "Collectif stéphanois contre la VSA",
                "**Nous** collons, tractons et écrivons aux élus de Saint-Étienne.\n\n- Réunion chaque mercredi\n- Permanence le samedi",
                ["42218", "epci:244200770"],
                [new("Mastodon", "https://piaille.fr/@collectif-stephanois"), new(null, "https://collectif.example.org/")],
                Listed: true), default);
            var collective = Assert.IsType<Contrevue.Features.Collectives.CollectiveChange.Saved>(created).Collective;
            var member = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Accounts.AccountAdministration>()
                .CreateAsync($"membre-{Guid.NewGuid():N}@contrevue.test", "une phrase de passe assez longue", Contrevue.Infrastructure.Security.Roles.Member);
            db.Add(new Contrevue.Features.Collectives.CollectiveMember { CollectiveId = collective.Id, UserId = member.User!.Id, JoinedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
            // A weekly meeting of the collective, in ten days, with a place and a capacity: the event page, its RSVP form.
            var organiser = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new(System.Security.Claims.ClaimTypes.NameIdentifier, member.User.Id)], "tests"));
            var day = TimeProvider.System.GetUtcNow().AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var meeting = await scope.ServiceProvider.GetRequiredService<Contrevue.Features.Events.EventService>().CreateAsync(organiser,
                new Contrevue.Features.Events.EventInput("Réunion inter-collectifs", "inter-collective-meeting", collective.Id, $"{day}T18:30", $"{day}T20:00",
                    "FREQ=WEEKLY", null, false, null, new("Bourse du travail, cours Victor-Hugo", "42218"), "42218",
                    "Les suites de la campagne et les **prochains éléments du kit**.", 40, false), default);
            var meetingEvent = Assert.IsType<Contrevue.Features.Events.EventChange.Done>(meeting).Event;
            _seeded = (dossier.CanonicalPath, dossier.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), vendor,
                Contrevue.Features.Collectives.CollectiveDirectory.ProfilePath(collective.Id, collective.Name)["/collectifs/".Length..],
                meetingEvent.PagePath["/agenda/".Length..]);
            return _seeded.Value;
        }
        finally
        {
            Seeding.Release();
        }
    }
}
