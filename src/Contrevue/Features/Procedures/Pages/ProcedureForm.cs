using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Features.Procedures.Pages;

/// <summary>The fields of a procedure as the pages send them.</summary>
public sealed class ProcedureForm
{
    public string? Kind { get; set; }
    public string? Title { get; set; }
    public string? AuthorityName { get; set; }
    public string? DepartementCode { get; set; }
    public int? DossierId { get; set; }
    public string? Subject { get; set; }
    public string? StartOn { get; set; }
    public string? MadadaUrl { get; set; }
    public int? SeriesId { get; set; }

    public ProcedureInput ToInput() => new(Kind, Title, AuthorityName, DepartementCode, DossierId, Subject, StartOn, MadadaUrl, SeriesId);

    public static ProcedureForm From(Procedure p) => new()
    {
        Kind = p.Kind,
        Title = p.Title,
        AuthorityName = p.AuthorityName,
        DepartementCode = p.DepartementCode,
        DossierId = p.DossierId,
        Subject = p.Subject,
        StartOn = p.StartOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        MadadaUrl = p.MadadaUrl,
        SeriesId = p.SeriesId,
    };
}

/// <summary>What the procedure pages share.</summary>
public static class ProcedurePages
{
    public static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>The service's errors (keyed by API field, camelCase) shown next to the form's field of the same name.</summary>
    public static void AddErrors(ModelStateDictionary modelState, string prefix, Dictionary<string, string[]> errors, Func<string, string> translate)
    {
        foreach (var (field, messages) in errors)
        {
            var key = prefix + char.ToUpperInvariant(field[0]) + field[1..];
            foreach (var message in messages)
            {
                modelState.AddModelError(key, translate(message));
            }
        }
    }
}

/// <summary>
/// The model of <c>_ProcedureDeadlines.cshtml</c>: where the deadline engine's results are to be shown. Empty for
/// now: the deadline calculator (Features/Procedures/Deadlines) plugs its computed deadlines in here.
/// </summary>
/// <summary>A procedure's deadlines, computed by the deadline engine from its start date.</summary>
public sealed record ProcedureDeadlinesView(Procedure Procedure, IReadOnlyList<Deadlines.DeadlineStep> Steps, DateOnly Today);

public sealed record ProcedureFieldsView(ProcedureForm Form, IReadOnlyList<ProcedureSeries> Series);
