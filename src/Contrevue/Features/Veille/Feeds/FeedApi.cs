using System.Globalization;
using System.Security.Claims;
using Contrevue.Features.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Veille.Feeds;

/// <summary>A followed feed as the API shows it.</summary>
/// <param name="Status"><c>active</c> or <c>paused</c> (by a moderator, or after repeated failures).</param>
public sealed record FeedDocument(
    int Id, string Url, string? Title, IReadOnlyList<string> Keywords, string Status, int ConsecutiveFailures,
    string? LastError, DateTime? LastErrorAt, DateTime? LastSuccessAt, DateTime NextPollAt, int PendingItems);

public sealed record FeedListDocument(IReadOnlyList<FeedDocument> Items);

public static class FeedDocuments
{
    public static FeedDocument AsDocument(this FeedSubscription feed, int pendingItems = 0) => new(
        feed.Id, feed.Url, feed.Title, feed.KeywordList, feed.Paused ? "paused" : "active", feed.ConsecutiveFailures,
        feed.LastError, feed.LastErrorAt, feed.LastSuccessAt, feed.NextPollAt, pendingItems);
}

/// <summary>
/// The feeds moderators follow, for their tools: list, add (polled at once), pause, resume, poll now, remove.
/// Moderators and admins only, with a session or an API token; additions and polls counted per account.
/// </summary>
public static class FeedApi
{
    private const string NotFoundTitle = "Flux introuvable";

    public static RouteGroupBuilder MapFeedApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/feeds").WithTags("Veille").RequireAuthorization(Policies.Moderator);
        group.MapGet("/", List).WithName("ListFeeds")
            .WithSummary("Les flux RSS, Atom et JSON Feed suivis, avec leur état (active, paused), leur dernière erreur et leur prochaine lecture");
        group.MapPost("/", Create).RequireRateLimiting(VeilleRateLimits.Articles).WithName("CreateFeed")
            .WithSummary("Suivre un flux : { \"url\", \"title\"?, \"keywords\": [] } ; lu aussitôt, ses articles attendent la vérification")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:int}/pause", Pause).RequireRateLimiting(VeilleRateLimits.Articles).WithName("PauseFeed").WithSummary("Suspendre la lecture d'un flux");
        group.MapPost("/{id:int}/resume", Resume).RequireRateLimiting(VeilleRateLimits.Articles).WithName("ResumeFeed")
            .WithSummary("Reprendre la lecture d'un flux (ses échecs oubliés) : il est lu aussitôt");
        group.MapPost("/{id:int}/poll", Poll).RequireRateLimiting(VeilleRateLimits.Articles).WithName("PollFeed").WithSummary("Lire un flux maintenant");
        group.MapDelete("/{id:int}", Delete).RequireRateLimiting(VeilleRateLimits.Articles).WithName("DeleteFeed")
            .WithSummary("Ne plus suivre un flux (ses articles en attente sont retirés)");
        return group;
    }

    public static async Task<Ok<FeedListDocument>> List(FeedService feeds, CancellationToken cancellationToken)
    {
        var pending = await feeds.PendingCountsAsync(cancellationToken);
        var all = await feeds.ListAsync(cancellationToken);
        return TypedResults.Ok(new FeedListDocument([.. all.Select(f => f.AsDocument(pending.GetValueOrDefault(f.Id)))]));
    }

    public static async Task<Results<Created<FeedDocument>, ValidationProblem, Conflict<ProblemDetails>>> Create(
        FeedInput input, ClaimsPrincipal user, FeedService feeds, FeedPoller poller, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        switch (await feeds.CreateAsync(input, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken))
        {
            case FeedChange.Done(var feed):
                await poller.PollNowAsync(feed.Id, cancellationToken);
                var polled = await feeds.FindAsync(feed.Id, cancellationToken) ?? feed;
                var pending = await feeds.PendingCountsAsync(cancellationToken);
                return TypedResults.Created($"/api/v1/feeds/{feed.Id}", polled.AsDocument(pending.GetValueOrDefault(feed.Id)));
            case FeedChange.Duplicate(var existing):
                return TypedResults.Conflict(new ProblemDetails
                {
                    Status = StatusCodes.Status409Conflict,
                    Title = text["Flux déjà suivi"],
                    Detail = text["Cette adresse est déjà celle du flux n° {0}.", existing],
                    Extensions = { ["existing"] = existing },
                });
            case FeedChange.Invalid(var errors):
                return TypedResults.ValidationProblem(Translated(errors, text), title: text["Flux non enregistré : vérifiez les champs indiqués."]);
            default:
                throw new InvalidOperationException();
        }
    }

    public static async Task<Results<Ok<FeedDocument>, ProblemHttpResult>> Pause(int id, ClaimsPrincipal user, FeedService feeds, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await feeds.SetPausedAsync(id, true, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken)
            ? await DocumentAsync(id, feeds, text, cancellationToken)
            : NotFound(id, text);

    public static async Task<Results<Ok<FeedDocument>, ProblemHttpResult>> Resume(
        int id, ClaimsPrincipal user, FeedService feeds, FeedPoller poller, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (!await feeds.SetPausedAsync(id, false, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken))
        {
            return NotFound(id, text);
        }
        await poller.PollNowAsync(id, cancellationToken);
        return await DocumentAsync(id, feeds, text, cancellationToken);
    }

    public static async Task<Results<Ok<FeedDocument>, ProblemHttpResult>> Poll(int id, FeedService feeds, FeedPoller poller, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await poller.PollNowAsync(id, cancellationToken) is null
            ? NotFound(id, text)
            : await DocumentAsync(id, feeds, text, cancellationToken);

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, ClaimsPrincipal user, FeedService feeds, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken) =>
        await feeds.DeleteAsync(id, user.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken) ? TypedResults.NoContent() : NotFound(id, text);

    private static async Task<Results<Ok<FeedDocument>, ProblemHttpResult>> DocumentAsync(int id, FeedService feeds, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        if (await feeds.FindAsync(id, cancellationToken) is not { } feed)
        {
            return NotFound(id, text);
        }
        var pending = await feeds.PendingCountsAsync(cancellationToken);
        return TypedResults.Ok(feed.AsDocument(pending.GetValueOrDefault(id)));
    }

    private static ProblemHttpResult NotFound(int id, IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(title: text[NotFoundTitle], detail: text["Aucun flux n° {0}.", id.ToString(CultureInfo.InvariantCulture)], statusCode: StatusCodes.Status404NotFound);

    /// <summary>The French messages of the service, in the reader's language when a translation exists.</summary>
    internal static Dictionary<string, string[]> Translated(Dictionary<string, string[]> errors, IStringLocalizer<SharedResource> text) =>
        errors.ToDictionary(e => e.Key, e => e.Value.Select(m => (string)text[m]).ToArray());
}
