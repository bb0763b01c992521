using Contrevue.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Infrastructure.Mail;

internal static class MailTestSupport
{
    public const string From = "contrevue@contrevue.test";

    public static Dictionary<string, string> Settings(int smtpPort, double leaseSeconds = 30) => new()
    {
        ["Mail:Host"] = "127.0.0.1",
        ["Mail:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Security"] = "None",
        ["Mail:From"] = From,
        ["Mail:PollSeconds"] = "0.1",
        ["Mail:RetrySeconds"] = "0.5",
        ["Mail:LeaseSeconds"] = leaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string NewRecipient(string name) => $"{name}-{Guid.NewGuid():N}@example.org";

    public static async Task<long> EnqueueAsync(IServiceProvider services, string recipient, MailContent? content = null)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var message = scope.ServiceProvider.GetRequiredService<IMailOutbox>()
            .Enqueue(recipient, content ?? MailTemplates.ConfigurationTest(TimeProvider.System.GetUtcNow(), "smtp.test"));
        await db.SaveChangesAsync();
        return message.Id;
    }

    public static async Task<OutboxMessage> RowAsync(IServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }
}
