using System.Globalization;
using System.Security.Claims;
using Contrevue.Data;
using Contrevue.Features.Accounts;
using Contrevue.Features.Newsletter.Subscriptions;
using Contrevue.Infrastructure.Web;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Newsletter.Pages;

/// <summary>
/// A list's organisers: its confirmed subscribers exported as CSV (« ; » and a BOM, as French spreadsheets
/// expect), an import with its mandatory legal basis, and the latest subscribers with their consent log.
/// </summary>
[Authorize(Policy = Policies.Member)]
[RequestSizeLimit(MaxFormBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
public sealed class LettreOrganiserModel(
    SubscriberImport import, SubscriptionService subscriptions, NewsletterPermissions permissions, ContrevueDbContext db, SiteAddress site) : PageModel
{
    /// <summary>The 2 MB file and the form's few fields.</summary>
    public const long MaxFormBytes = SubscriberImport.MaxBytes + 64 * 1024;

    public const int Shown = 50;

    public static readonly string[] CsvHeader = ["email", "sujets", "confirme_le"];

    [FromQuery(Name = "liste")] public string? ListCode { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Statement { get; set; }
    [BindProperty] public bool PriorConsent { get; set; }

    public NewsletterList List { get; private set; }
    public string ListName { get; private set; } = "";
    public ImportResult? Result { get; private set; }
    public int ConfirmedCount { get; private set; }
    public IReadOnlyList<(int Id, string Email, SubscriberStatus Status)> Latest { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (await AllowedAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        var rows = await import.ConfirmedAsync(List, cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"contrevue-lettre-{List.Code.Replace(':', '-')}.csv\"";
        Response.Headers.CacheControl = "no-store";
        var options = CsvWriterOptions.Default with { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        await using (var csv = CsvWriter.Create(Response.Body, options, leaveOpen: true))
        {
            await csv.WriteRecordAsync(CsvHeader, cancellationToken);
            foreach (var (email, topics, confirmedAt) in rows)
            {
                await csv.WriteRecordAsync([email, topics.Replace(',', ' '), confirmedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? ""], cancellationToken);
            }
            await csv.FlushAsync(cancellationToken);
        }
        return new EmptyResult();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        if (Upload is null || Upload.Length == 0)
        {
            Result = new ImportResult(["Choisissez un fichier CSV avec une colonne « email »."]);
        }
        else if (Upload.Length > SubscriberImport.MaxBytes)
        {
            Result = new ImportResult(["Le fichier dépasse 2 Mo : découpez-le."]);
        }
        else
        {
            await using var stream = Upload.OpenReadStream();
            Result = await import.ImportAsync(stream, List, Statement, PriorConsent, User.FindFirstValue(ClaimTypes.NameIdentifier)!, site.Of(Request), cancellationToken);
        }
        if (!Result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult?> AllowedAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "private, no-store";
        if (!NewsletterList.TryParse(ListCode, out var list))
        {
            return NotFound();
        }
        List = list;
        return await permissions.MayOrganiseAsync(User, list, cancellationToken) ? null : Forbid();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await AllowedAsync(cancellationToken) is { } refused)
        {
            return refused;
        }
        var code = List.Code;
        ListName = (await subscriptions.ListNamesAsync([List], cancellationToken))[0];
        var members = db.Set<Subscriber>().AsNoTracking().Where(s => s.Subscriptions.Any(l => l.ListCode == code));
        ConfirmedCount = await members.CountAsync(s => s.Status == SubscriberStatus.Confirmed, cancellationToken);
        Latest = [.. (await members.OrderByDescending(s => s.Id).Take(Shown).Select(s => new { s.Id, s.Email, s.Status }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Email, s.Status))];
        return null;
    }
}
