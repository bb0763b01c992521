using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Contrevue.Features.Campaigns.Batch;

/// <summary>
/// The batch's ZIP streamed into the response as its letters are rendered (page and API alike). The
/// caller holds the render permits (<see cref="Infrastructure.Abuse.ExpensiveWorkLimiter"/>) until the
/// response ends. The length is unknown in advance: the response is chunked.
/// </summary>
public sealed class LetterBatchZip(BatchPlan plan, int parallelism) : IResult, IActionResult
{
    public const string ContentType = "application/zip";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(plan.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        var aborted = httpContext.RequestAborted;
        await response.StartAsync(aborted);
        // Entry headers are a few dozen bytes each: gathered into larger writes.
        await using var buffered = new BufferedStream(response.Body, 64 * 1024);
        await LetterBatchComposer.WriteZipAsync(plan, buffered, parallelism, aborted);
        await buffered.FlushAsync(aborted);
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
