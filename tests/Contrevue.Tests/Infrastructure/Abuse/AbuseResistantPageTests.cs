using System.Net;
using Contrevue.Infrastructure.Abuse;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Contrevue.Tests.Infrastructure.Abuse;

/// <summary>The page filter as a form post meets it, before the page's handler.</summary>
public sealed class AbuseResistantPageTests
{
    private readonly ServiceProvider _services;

    public AbuseResistantPageTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddMemoryCache();
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new AbuseOptions { ProofOfWorkBits = 8, UnverifiedPerMinute = 2, VerifiedPerMinute = 4 }));
        services.AddSingleton<IWindowCounter, MemoryWindowCounter>();
        services.AddSingleton<ISpentChallenges, MemorySpentChallenges>();
        services.AddSingleton<ProofOfWork>();
        services.AddSingleton<PublicWriteLimiter>();
        services.AddSingleton<AbuseCheck>();
        _services = services.BuildServiceProvider();
    }

    private sealed record Outcome(bool HandlerRan, PageHandlerExecutingContext Context);

    private async Task<Outcome> Post(Dictionary<string, StringValues> fields, string address = "203.0.113.7")
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = "POST";
        http.Request.Path = "/communes/42218/proposer";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.Form = new FormCollection(fields);
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        var page = new PageContext(new ActionContext(http, new RouteData(), new CompiledPageActionDescriptor(), new ModelStateDictionary()));
        var context = new PageHandlerExecutingContext(page, [], null, new Dictionary<string, object?>(), new object());
        var ran = false;
        await new AbuseResistantAttribute().OnPageHandlerExecutionAsync(context, () =>
        {
            ran = true;
            return Task.FromResult(new PageHandlerExecutedContext(page, [], null, new object()));
        });
        return new Outcome(ran, context);
    }

    private Dictionary<string, StringValues> Solved()
    {
        var challenge = _services.GetRequiredService<ProofOfWork>().Issue();
        return new() { [AbuseCheck.ChallengeField] = challenge, [AbuseCheck.SolutionField] = ProofOfWorkTests.Solve(challenge), [AbuseCheck.HoneypotField] = "" };
    }

    [Fact]
    public async Task A_form_without_javascript_goes_through_under_the_stricter_limit()
    {
        var challenge = _services.GetRequiredService<ProofOfWork>().Issue();
        var fields = new Dictionary<string, StringValues> { [AbuseCheck.ChallengeField] = challenge, [AbuseCheck.SolutionField] = "", [AbuseCheck.HoneypotField] = "" };

        var first = await Post(fields);
        await Post(fields);
        var third = await Post(fields);

        Assert.True(first.HandlerRan);
        Assert.True(first.Context.ModelState.IsValid);
        Assert.False(((AbuseVerdict)first.Context.HttpContext.Items[AbuseCheck.ItemKey]!).Verified);
        Assert.True(third.HandlerRan);
        Assert.False(third.Context.ModelState.IsValid);
        Assert.Equal(StatusCodes.Status429TooManyRequests, third.Context.HttpContext.Response.StatusCode);
        Assert.NotEmpty(third.Context.HttpContext.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("Trop d'envois", third.Context.ModelState[""]!.Errors.Single().ErrorMessage);
    }

    [Fact]
    public async Task A_solved_form_is_verified_and_its_replay_refused_with_a_400()
    {
        var fields = Solved();

        var first = await Post(fields, "203.0.113.8");
        var replay = await Post(fields, "203.0.113.8");

        Assert.True(first.Context.ModelState.IsValid);
        Assert.True(((AbuseVerdict)first.Context.HttpContext.Items[AbuseCheck.ItemKey]!).Verified);
        Assert.False(replay.Context.ModelState.IsValid);
        Assert.Equal(StatusCodes.Status400BadRequest, replay.Context.HttpContext.Response.StatusCode);
        Assert.StartsWith("La vérification anti-robot a échoué", replay.Context.ModelState[""]!.Errors.Single().ErrorMessage);
    }

    [Fact]
    public async Task A_filled_honeypot_looks_like_a_success_but_the_handler_never_runs()
    {
        var fields = Solved();
        fields[AbuseCheck.HoneypotField] = "https://spam.example";

        var outcome = await Post(fields, "203.0.113.9");

        Assert.False(outcome.HandlerRan);
        var redirect = Assert.IsType<LocalRedirectResult>(outcome.Context.Result);
        Assert.Equal("/communes/42218/proposer", redirect.Url);
    }
}
