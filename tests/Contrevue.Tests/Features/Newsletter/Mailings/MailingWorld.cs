using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contrevue.Features.Newsletter;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Newsletter.Mailings;

/// <summary>Subscribers written straight into the database (the subscription forms are another piece's), and the mailings API's calls.</summary>
public static class MailingWorld
{
    public static async Task OpenCollectiveListAsync(AppFactory app, int collectiveId)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        db.Add(new CollectiveNewsletter { CollectiveId = collectiveId, OpenedAt = TimeProvider.System.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
    }

    public static async Task<int> SubscriberAsync(AppFactory app, SubscriberStatus status, string topics, params string[] lists)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
        var subscriber = NewSubscriber(status, topics, lists);
        db.Add(subscriber);
        await db.SaveChangesAsync();
        return subscriber.Id;
    }

    /// <summary>Many confirmed subscribers of one list, in batches.</summary>
    public static async Task<List<int>> ManyAsync(AppFactory app, int count, string list)
    {
        var ids = new List<int>();
        for (var done = 0; done < count; done += 2_000)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var batch = Enumerable.Range(0, Math.Min(2_000, count - done)).Select(_ => NewSubscriber(SubscriberStatus.Confirmed, "", list)).ToList();
            db.AddRange(batch);
            await db.SaveChangesAsync();
            ids.AddRange(batch.Select(s => s.Id));
        }
        return ids;
    }

    private static Subscriber NewSubscriber(SubscriberStatus status, string topics, params string[] lists) => new()
    {
        Email = $"abonne-{Guid.NewGuid():N}@example.org",
        Status = status,
        Topics = topics,
        CreatedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
        ConfirmedAt = status == SubscriberStatus.Confirmed ? TimeProvider.System.GetUtcNow().UtcDateTime : null,
        Subscriptions = [.. lists.Select(l => new NewsletterSubscription { ListCode = l, SubscribedAt = TimeProvider.System.GetUtcNow().UtcDateTime })],
    };

    public static async Task<List<NewsletterDelivery>> DeliveriesAsync(AppFactory app, int mailingId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContrevueDbContext>().Set<NewsletterDelivery>().AsNoTracking()
            .Where(d => d.MailingId == mailingId).ToListAsync();
    }

    public static async Task<T> ReadAsync<T>(AppFactory app, Func<ContrevueDbContext, Task<T>> read)
    {
        using var scope = app.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<ContrevueDbContext>());
    }

    public static object Draft(string[] lists, string[]? topics = null, string subject = "La lettre de décembre", string? markdown = null) => new
    {
        subject,
        markdown = markdown ?? "## Les nouvelles\n\nLa mairie a **renoncé** à la VSA. Lisez [le compte rendu](https://example.org/cr) et <script>alert(1)</script>.\n\n- premier point\n- second point\n\n![traceur](https://tracker.example.com/p.png)",
        lists,
        topics = topics ?? [],
    };

    public static async Task<int> CreateAsync(HttpClient client, object draft)
    {
        var response = await client.PostAsJsonAsync("/api/v1/newsletter/mailings", draft);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt32();
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/v1/newsletter/mailings/{id}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The French problem of a refused call, checked for its status and its media type.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return string.Join(" | ", Strings(JsonDocument.Parse(body).RootElement));
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
