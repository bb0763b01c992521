using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>
/// On a page model whose POST handlers are public writes (the form renders <c>_AbuseFields</c>):
/// caps the body size, and runs <see cref="AbuseCheck"/> before the handler. A filled honeypot
/// redirects as a success would (to <see cref="SuccessUrl"/>, or back to the page) without running
/// the handler. A bad proof of work or an exceeded limit adds a model error and sets the status
/// (400, 429): the handler must return <c>Page()</c> when <c>!ModelState.IsValid</c>, as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class AbuseResistantAttribute : Attribute, IAsyncPageFilter, IPublicWriteMetadata
{
    /// <summary>Where a bot that filled the honeypot is sent (a local URL); the same page by default.</summary>
    public string? SuccessUrl { get; set; }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || context.HandlerMethod?.MethodInfo.IsDefined(typeof(NoWriteAttribute), inherit: false) == true)
        {
            await next();
            return;
        }
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        var check = http.RequestServices.GetRequiredService<AbuseCheck>();
        var verdict = await check.CheckAsync(http, form?[AbuseCheck.HoneypotField], form?[AbuseCheck.ChallengeField], form?[AbuseCheck.SolutionField]);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        switch (verdict.Outcome)
        {
            case AbuseOutcome.Honeypot:
                context.Result = new LocalRedirectResult(SuccessUrl ?? http.Request.Path + http.Request.QueryString);
                return;
            case AbuseOutcome.InvalidProof:
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                context.ModelState.AddModelError("", text[AbuseCheck.InvalidProofDetail]);
                break;
            case AbuseOutcome.TooManyRequests:
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = verdict.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.ModelState.AddModelError("", text[AbuseCheck.TooManyDetail, verdict.RetryAfterSeconds]);
                break;
        }
        await next();
    }
}

/// <summary>
/// On a POST handler of an <see cref="AbuseResistantAttribute"/> page that writes nothing and costs
/// nothing (it only carries the form's choice to another page): no proof of work is spent on it, so
/// that a second button of a form already sent (a download) still works.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NoWriteAttribute : Attribute;
