using MailKit.Net.Smtp;

namespace Contrevue.Infrastructure.Mail;

/// <summary>The SMTP connection every sender opens the same way: the outbox's and the newsletter's.</summary>
public static class SmtpConnection
{
    public static SmtpClient NewClient(MailSettings settings) => new() { Timeout = (int)settings.Timeout.TotalMilliseconds };

    /// <summary>Connects and signs in when not connected yet. Ignores shutdown: the timeouts bound it.</summary>
    public static async Task EnsureConnectedAsync(SmtpClient smtp, MailSettings settings)
    {
        if (smtp.IsConnected)
        {
            return;
        }
        await smtp.ConnectAsync(settings.Host!, settings.Port, settings.Security, CancellationToken.None);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", CancellationToken.None);
        }
    }

    /// <summary>QUIT, if connected; a failure changes nothing, every message being recorded already.</summary>
    public static async Task DisconnectQuietlyAsync(SmtpClient smtp)
    {
        if (!smtp.IsConnected)
        {
            return;
        }
        try
        {
            await smtp.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception)
        {
            // Nothing to do: the outcome of every send is recorded before the QUIT.
        }
    }
}
