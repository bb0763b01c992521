namespace Contrevue.Infrastructure.Mail;

/// <summary>Looks at the outbox every <c>Mail:PollSeconds</c> and sends what is due.</summary>
internal sealed class MailSender(MailDelivery delivery, MailSettings settings, TimeProvider time, ILogger<MailSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.IsConfigured)
        {
            logger.LogWarning("E-mail sending is off: Mail:Host and Mail:From are not configured; messages stay in the outbox");
            return;
        }
        logger.LogInformation("Mail sender {Instance} started: SMTP server {Host}:{Port} ({Security})",
            delivery.InstanceId, settings.Host, settings.Port, settings.Security);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await delivery.DeliverDueAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A database hiccup must not stop the sender for good; the next round tries again.
                logger.LogError(exception, "Outbox round failed");
            }
            try
            {
                await Task.Delay(settings.PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
