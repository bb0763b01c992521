using System.Globalization;
using Contrevue.Features.Accounts;
using Contrevue.Features.Territories.Search;
using CsvHelper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Mobilisation.Organisers;

/// <summary>
/// The organisers' list of confirmed sign-ups (<see cref="SignUpQueries"/> says whose), its filters and
/// its CSV export (« ; » and a BOM, as French spreadsheets expect).
/// </summary>
[Authorize(Policy = Policies.Member)]
public sealed class SignUpsModel(SignUpQueries signUps, TerritoryField territoryField, IStringLocalizer<SharedResource> text) : PageModel
{
    public const string CsvFileName = "contrevue-inscriptions.csv";

    public static readonly string[] CsvHeader =
        ["confirmee_le", "email", "territoire", "territoire_code", "departement", "collectif", "peut_aider", "message", "invitee_le"];

    [FromQuery(Name = "territoire")] public string? Territoire { get; set; }
    [FromQuery(Name = "aide")] public string? HelpCode { get; set; }

    public IReadOnlyList<SignUp> SignUps { get; private set; } = [];
    public TerritoryFieldView TerritoryField { get; private set; } = null!;
    public bool SeesAll { get; private set; }
    public bool CanFoundCollective { get; private set; }
    public string? HelpCodeError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await FilterAsync(cancellationToken) is { } filter)
        {
            SignUps = await signUps.VisibleAsync(User, filter, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (await FilterAsync(cancellationToken) is not { } filter)
        {
            return BadRequest();
        }
        var rows = await signUps.VisibleAsync(User, filter, cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{CsvFileName}\"";
        Response.Headers.CacheControl = "no-store";
        var options = CsvWriterOptions.Default with
        {
            Separator = ';',
            WriteByteOrderMark = true,
            // A message starting with "=" must not run as a formula in a spreadsheet.
            Injection = CsvInjection.Escape,
        };
        await using (var csv = CsvWriter.Create(Response.Body, options, leaveOpen: true))
        {
            await csv.WriteRecordAsync(CsvHeader, cancellationToken);
            foreach (var signUp in rows)
            {
                await csv.WriteRecordAsync(Row(signUp), cancellationToken);
            }
            await csv.FlushAsync(cancellationToken);
        }
        return new EmptyResult();
    }

    public static string[] Row(SignUp signUp) =>
    [
        Iso(signUp.ConfirmedAt),
        signUp.Email,
        signUp.TerritoryName,
        signUp.Territory.ToString(),
        signUp.DepartementCode ?? "",
        signUp.CollectiveName ?? "",
        string.Join(", ", signUp.HelpCodeList),
        signUp.Message ?? "",
        Iso(signUp.InvitedAt),
    ];

    private static string Iso(DateTime? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The filter as asked, or null when one of its fields is shown with an error.</summary>
    private async Task<SignUpFilter?> FilterAsync(CancellationToken cancellationToken)
    {
        SeesAll = SignUpQueries.SeesAll(User);
        CanFoundCollective = User.IsInRole(Infrastructure.Security.Roles.Admin);
        TerritoryField = new TerritoryFieldView("territoire", "territoire", text["Territoire"], Territoire) { Required = false };
        var valid = true;
        Territories.TerritoryReference? territory = null;
        if (!string.IsNullOrWhiteSpace(Territoire))
        {
            var resolved = await territoryField.ResolveAsync(Territoire, [], cancellationToken);
            TerritoryField = TerritoryField.With(resolved);
            if (resolved is TerritoryFieldResult.Found found)
            {
                territory = found.Territory;
            }
            else
            {
                valid = false;
            }
        }
        if (!string.IsNullOrEmpty(HelpCode) && !HelpCodes.IsKnown(HelpCode))
        {
            HelpCodeError = text["Choix inconnu."];
            valid = false;
        }
        return valid ? new SignUpFilter(territory, string.IsNullOrEmpty(HelpCode) ? null : HelpCode) : null;
    }
}
