using Contrevue.Infrastructure.Jobs;
using Contrevue.Infrastructure.Mail;

namespace Contrevue.Features.Newsletter.Delivery;

/// <summary>Looks at the queued deliveries every <c>Newsletter:PollSeconds</c> and sends what is due.</summary>
internal sealed class NewsletterSender(
    NewsletterDeliveryEngine engine, MailSettings mail, NewsletterDeliverySettings settings, TimeProvider time, ILogger<NewsletterSender> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => settings.PollInterval;

    /// <summary>Losing the sending rounds means no newsletter at all: an error, not a warning.</summary>
    protected override LogLevel FailureLevel => LogLevel.Error;

    protected override bool ShouldRun()
    {
        if (!mail.IsConfigured)
        {
            Logger.LogWarning("Newsletter sending is off: Mail:Host and Mail:From are not configured; deliveries stay queued");
            return false;
        }
        Logger.LogInformation("Newsletter sender {Instance} started", engine.InstanceId);
        return true;
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken) =>
        CountItems(await engine.DeliverDueAsync(stoppingToken));
}
