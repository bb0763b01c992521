using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Contrevue.Data;
using Contrevue.Features.Campaigns.Tracking;
using Contrevue.Infrastructure.Text;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Campaigns.Scoreboard;

/// <summary>An Atom feed of a campaign's latest published answers, for collectives following the campaign.</summary>
public static class CampaignAnswersFeed
{
    public const int EntryCount = 50;
    public const string ContentType = "application/atom+xml; charset=utf-8";

    public static string PathOf(string slug) => $"/campagnes/{slug}/reponses.atom";

    public static RouteHandlerBuilder MapCampaignAnswersFeed(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/campagnes/{slug}/reponses.atom", GetAsync)
            .WithTags("Campagnes")
            .WithName("CampaignAnswersFeed")
            .WithSummary("Flux Atom des 50 dernières réponses publiées des collectivités à une campagne")
            .Produces(StatusCodes.Status200OK, contentType: ContentType)
            .CacheOutput(ScoreboardSetup.CachePolicy);

    public static async Task<IResult> GetAsync(
        string slug, HttpRequest request, ContrevueDbContext db, SiteAddress site, TimeProvider time,
        IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var campaign = await db.FindCampaignAsync(slug, cancellationToken);
        if (campaign is null)
        {
            return TypedResults.NotFound();
        }
        var answers = await db.Set<CampaignResponse>().AsNoTracking()
            .Where(r => r.CampaignId == campaign.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(EntryCount)
            .Select(r => new { r.Id, r.TerritoryKind, r.TerritoryCode, r.RespondedOn, r.Kind, r.Quote, r.SourceUrl, r.ReportedBy, r.CreatedAt })
            .ToListAsync(cancellationToken);
        var communeCodes = answers.Where(a => a.TerritoryKind == TerritoryKind.Commune).Select(a => a.TerritoryCode).Distinct().ToList();
        var communes = await db.Set<Commune>().AsNoTracking()
            .Where(c => communeCodes.Contains(c.Code))
            .Select(c => new { c.Code, c.Name, c.Slug })
            .ToDictionaryAsync(c => c.Code, cancellationToken);

        var address = site.Of(request);
        var host = new Uri(address).Host;
        var culture = CultureInfo.CurrentCulture;
        var campaignUrl = $"{address}/campagnes/{campaign.Slug}";
        var title = text["{0} — réponses des collectivités", campaign.Title].Value;
        var feed = new SyndicationFeed
        {
            Id = $"tag:{host},2026:campagne:{campaign.Slug}:reponses",
            Title = new TextSyndicationContent(Infrastructure.Web.InputText.Sanitize(title, multiLine: true)),
            Description = new TextSyndicationContent(text["Les dernières réponses publiées des collectivités sollicitées par la campagne."].Value),
            Generator = "Contrevue",
            LastUpdatedTime = answers.Count > 0 ? Utc(answers.Max(a => a.CreatedAt)) : time.GetUtcNow(),
            Language = culture.TwoLetterISOLanguageName,
        };
        feed.Authors.Add(new SyndicationPerson { Name = "Contrevue" });
        feed.Links.Add(new SyndicationLink(new Uri(address + PathOf(campaign.Slug)), "self", title, "application/atom+xml", 0));
        feed.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{campaignUrl}/tableau"), "text/html"));

        var items = new List<SyndicationItem>();
        foreach (var answer in answers)
        {
            string name;
            string url;
            if (answer.TerritoryKind == TerritoryKind.Commune && communes.TryGetValue(answer.TerritoryCode, out var commune))
            {
                name = commune.Name;
                url = $"{address}/communes/{commune.Code}-{commune.Slug}";
            }
            else
            {
                // Campaigns to intercommunalités, départements or régions are rare: one look-up each is fine.
                name = await db.NameOfAsync(new TerritoryReference(answer.TerritoryKind, answer.TerritoryCode), cancellationToken) ?? answer.TerritoryCode;
                url = campaignUrl;
            }
            var kind = text[CampaignCodes.ResponseKinds.Label(answer.Kind)].Value;
            var summary = new StringBuilder();
            summary.Append(text["Réponse du {0}, signalée par {1}.", answer.RespondedOn.ToString("d MMMM yyyy", culture), answer.ReportedBy].Value);
            if (answer.Quote is not null)
            {
                summary.Append(" « ").Append(answer.Quote).Append(" »");
            }
            if (answer.SourceUrl is not null)
            {
                summary.Append(' ').Append(text["Source : {0}", answer.SourceUrl].Value);
            }
            var item = new SyndicationItem
            {
                Id = $"tag:{host},2026:campagne:{campaign.Slug}:reponse:{answer.Id}",
                // Text stored before the input rule may hold characters XML cannot carry: the feed stays whole.
                Title = new TextSyndicationContent(Infrastructure.Web.InputText.Sanitize($"{name} : {kind.ToLower(culture)}", multiLine: true)),
                Summary = new TextSyndicationContent(Infrastructure.Web.InputText.Sanitize(summary.ToString(), multiLine: true)),
                LastUpdatedTime = Utc(answer.CreatedAt),
                PublishDate = Utc(answer.CreatedAt),
            };
            item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(url), "text/html"));
            item.Categories.Add(new SyndicationCategory(CampaignCodes.ResponseKinds.Code(answer.Kind), null, kind));
            items.Add(item);
        }
        feed.Items = items;

        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }
        return TypedResults.File(buffer.ToArray(), ContentType);
    }

    /// <summary>SQLite gives dates back unspecified; they are all stored in UTC.</summary>
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
