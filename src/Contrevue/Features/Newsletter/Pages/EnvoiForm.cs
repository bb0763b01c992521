using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Collectives;
using Contrevue.Features.Newsletter.Mailings;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>The fields of the mailing form (new and edit), posted without JavaScript.</summary>
public sealed class EnvoiForm
{
    public string? Subject { get; set; }
    public string? Markdown { get; set; }
    public List<string> Lists { get; set; } = [];
    public List<string> Topics { get; set; } = [];

    public MailingInput ToInput() => new(Subject, Markdown, Lists, Topics);

    public static EnvoiForm Of(Mailing mailing) => new()
    {
        Subject = mailing.Subject,
        Markdown = mailing.Markdown,
        Lists = [.. MailingService.ListCodes(mailing)],
        Topics = [.. NewsletterTopics.Split(mailing.Topics)],
    };

    public static void AddErrors(ModelStateDictionary state, Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            var key = field switch
            {
                "subject" => "Form.Subject",
                "markdown" => "Form.Markdown",
                "lists" => "Form.Lists",
                "topics" => "Form.Topics",
                _ => field,
            };
            foreach (var message in messages)
            {
                state.AddModelError(key, message);
            }
        }
    }
}

/// <summary>The lists an organiser may write to: the national and départements' (moderators), their collectives' opened lists.</summary>
public sealed record EnvoiListChoices(bool National, IReadOnlyList<(string Code, string Name)> Departements, IReadOnlyList<(string Code, string Name)> Collectives)
{
    public bool Any => National || Collectives.Count > 0;

    public static async Task<EnvoiListChoices> ForAsync(ClaimsPrincipal user, ContrevueDbContext db, CollectiveDirectory collectives, DepartementNames departements, CancellationToken cancellationToken)
    {
        var moderator = NewsletterPermissions.IsModerator(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var mine = userId is null ? [] : await collectives.OfMemberAsync(userId, cancellationToken);
        var ids = mine.Select(c => c.Id).ToList();
        var opened = await db.Set<CollectiveNewsletter>().Where(c => ids.Contains(c.CollectiveId)).Select(c => c.CollectiveId).ToListAsync(cancellationToken);
        return new EnvoiListChoices(
            moderator,
            moderator ? [.. (await departements.AllAsync(cancellationToken)).Select(d => ($"departement:{d.Code}", $"{d.Code} — {d.Name}"))] : [],
            [.. mine.Where(c => opened.Contains(c.Id)).Select(c => (NewsletterList.Collective(c.Id).Code, c.Name))]);
    }
}

/// <summary>How a mailing's state and dates read on its pages.</summary>
public static class EnvoiText
{
    public static string Status(MailingStatus status) => status switch
    {
        MailingStatus.Draft => "Brouillon",
        MailingStatus.Scheduled => "Programmée",
        MailingStatus.Paused => "En pause",
        _ => "Terminée",
    };

    /// <summary>An instant in Paris time: « 10/12/2026 09:00 ».</summary>
    public static string Paris(DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc), ParisCalendar.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture)
        : "—";

    /// <summary>An instant as a datetime-local field's value in Paris time: « 2026-12-10T09:00 ».</summary>
    public static string ParisInput(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), ParisCalendar.Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local field's value (« 2026-12-10T09:00 ») read as Paris time; null when unreadable.</summary>
    public static DateTimeOffset? ReadParis(string? value)
    {
        if (!DateTime.TryParseExact(value?.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }
        var offset = ParisCalendar.Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
