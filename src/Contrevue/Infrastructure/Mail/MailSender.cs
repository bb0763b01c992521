using Contrevue.Infrastructure.Jobs;

namespace Contrevue.Infrastructure.Mail;

/// <summary>Looks at the outbox every <c>Mail:PollSeconds</c> and sends what is due.</summary>
internal sealed class MailSender(MailDelivery delivery, MailSettings settings, TimeProvider time, ILogger<MailSender> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => settings.PollInterval;

    /// <summary>Losing the outbox rounds means no mail at all: an error, not a warning.</summary>
    protected override LogLevel FailureLevel => LogLevel.Error;

    protected override bool ShouldRun()
    {
        if (!settings.IsConfigured)
        {
            Logger.LogWarning("E-mail sending is off: Mail:Host and Mail:From are not configured; messages stay in the outbox");
            return false;
        }
        Logger.LogInformation("Mail sender {Instance} started: SMTP server {Host}:{Port} ({Security})",
            delivery.InstanceId, settings.Host, settings.Port, settings.Security);
        return true;
    }

    protected override async Task RunOnceAsync(CancellationToken stoppingToken) =>
        CountItems(await delivery.DeliverDueAsync(stoppingToken));
}
