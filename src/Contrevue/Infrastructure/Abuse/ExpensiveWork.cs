using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Contrevue.Infrastructure.Abuse;

/// <summary>Settings of <c>Abuse:ExpensiveWork</c>: how many documents (PDF letters, batches, posters) are made at once.</summary>
public sealed class ExpensiveWorkOptions
{
    public const string Section = "Abuse:ExpensiveWork";

    /// <summary>Renders running at once, whoever asks; 0 means half the cores, at least one.</summary>
    public int MaxConcurrent { get; set; }

    /// <summary>Renders waiting for a permit (a batch waits for as many as it renders in parallel); beyond, 503.</summary>
    public int QueueLength { get; set; } = 16;

    /// <summary>Longest wait in the queue before 503: nobody hangs behind a long batch.</summary>
    public int QueueTimeoutSeconds { get; set; } = 5;

    /// <summary>What the 503's Retry-After says.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}

/// <summary>
/// One process-wide budget for the work whose cost is not bounded by the request that asks for it:
/// rendering PDFs and images. Per-client limits count requests; this counts the cores they take, so
/// that however many clients ask, pages keep at least half the machine. A request that cannot get its
/// permits within a few seconds is told to come back (503 and Retry-After) rather than kept waiting.
/// </summary>
public sealed class ExpensiveWorkLimiter : IDisposable
{
    public const string BusyTitle = "Serveur occupé";
    public const string BusyDetail = "Le serveur prépare déjà beaucoup de documents : réessayez dans {0} secondes.";

    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeSpan _queueTimeout;

    public ExpensiveWorkLimiter(IOptions<ExpensiveWorkOptions> options)
    {
        var settings = options.Value;
        Capacity = settings.MaxConcurrent > 0 ? settings.MaxConcurrent : Math.Max(1, Environment.ProcessorCount / 2);
        RetryAfterSeconds = Math.Max(1, settings.RetryAfterSeconds);
        _queueTimeout = TimeSpan.FromSeconds(Math.Max(0, settings.QueueTimeoutSeconds));
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Capacity,
            QueueLimit = Math.Max(0, settings.QueueLength),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Renders that may run at once: a batch renders with at most this many threads.</summary>
    public int Capacity { get; }

    public int RetryAfterSeconds { get; }

    /// <summary>
    /// Takes <paramref name="permits"/> (one per thread the work will keep busy) until the end of the
    /// request; false when none came within the queue's timeout.
    /// </summary>
    public async Task<bool> TryEnterAsync(HttpContext context, int permits = 1)
    {
        permits = Math.Clamp(permits, 1, Capacity);
        var lease = _limiter.AttemptAcquire(permits);
        if (!lease.IsAcquired && _queueTimeout > TimeSpan.Zero)
        {
            lease.Dispose();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(_queueTimeout);
            try
            {
                lease = await _limiter.AcquireAsync(permits, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            return false;
        }
        // Given back when the response is complete: a streamed ZIP holds its permits while it is written.
        context.Response.RegisterForDispose(lease);
        return true;
    }

    /// <summary>The 503 of an API, in the visitor's language, with Retry-After.</summary>
    public Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Busy(HttpContext context)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        SetRetryAfter(context);
        return TypedResults.Problem(title: text[BusyTitle], detail: text[BusyDetail, RetryAfterSeconds], statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>For a page: the status and Retry-After set, the message to show next to the form.</summary>
    public string BusyForPage(HttpContext context)
    {
        var text = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        SetRetryAfter(context);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return text[BusyDetail, RetryAfterSeconds];
    }

    private void SetRetryAfter(HttpContext context) =>
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}
