using System.Security.Claims;
using Contrevue.Infrastructure.Files;
using Contrevue.Features.Procedures.Calendar;
using Contrevue.Features.Procedures.Deadlines;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Procedures;

public static class ProceduresSetup
{
    public static IServiceCollection AddProcedures(this IServiceCollection services)
    {
        services.AddScoped<ExtraHolidays>();
        services.AddScoped<IExtraHolidaySource>(provider => provider.GetRequiredService<ExtraHolidays>());
        services.AddProcedureCalendars();
        services.AddScoped<ProcedureService>();
        services.AddScoped<IStoredFileKeeper, ProcedureFileKeeper>();
        services.AddScoped<Contrevue.Features.Home.IHomeSection, Contrevue.Features.Procedures.Home.ProceduresHomeSection>();
        return services;
    }

    public static IEndpointRouteBuilder MapProcedures(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDeadlineApi();
        endpoints.MapProcedureCalendars();
        endpoints.MapProcedureApi();
        endpoints.MapGet("/procedures/{id:int}/documents/{documentId:int}", ServeDocument)
            .AllowAnonymous()
            .WithTags("Procédures")
            .WithName("ProcedureDocument")
            .WithSummary("Un document d'une procédure (publique, ou d'un de ses collectifs)");
        return endpoints;
    }

    /// <summary>
    /// A procedure's document, under the procedure's own rule: its collective's members, or anyone once the
    /// procedure is public. <c>/fichiers/{sha}</c> does not serve it: procedure documents are not among the
    /// citations <see cref="FileVisibility"/> asks.
    /// </summary>
    public static async Task<IResult> ServeDocument(int id, int documentId, HttpContext context, ProcedureService procedures,
        SourceFileStore store, CancellationToken cancellationToken)
    {
        var lookup = await procedures.ReadAsync(id, context.User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        if (lookup is ProcedureLookup.SignInRequired)
        {
            return Results.Challenge();
        }
        if (lookup is not ProcedureLookup.Visible(var procedure, _, _)
            || procedure.Documents.FirstOrDefault(d => d.Id == documentId) is not { } document
            || await store.FindAsync(document.FileSha256, cancellationToken) is not { } head
            || await store.ReadAsync(document.FileSha256, cancellationToken) is not { } content)
        {
            return TypedResults.NotFound();
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = FileEndpoints.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-store";
        var inline = head.Extension is "png" or "jpg" or "jpeg";
        var disposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment");
        disposition.SetHttpFileName($"procedure-{id}-document-{documentId}.{head.Extension}");
        headers.ContentDisposition = disposition.ToString();
        return TypedResults.Bytes(content, head.ContentType);
    }
}
