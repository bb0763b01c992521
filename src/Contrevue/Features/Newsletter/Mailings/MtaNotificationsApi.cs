using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>
/// <c>POST /api/v1/newsletter/notifications</c>: the mail server's bounces, complaints and mails to the
/// List-Unsubscribe address, one object or an array of them, with <c>Authorization: Bearer</c> the secret
/// <c>Newsletter:NotificationsToken</c> (compared in constant time). Without that setting the endpoint does
/// not exist. A report naming nobody known is accepted all the same: the answer tells nothing of who subscribes.
/// </summary>
public static class MtaNotificationsApi
{
    public const string TokenSetting = "Newsletter:NotificationsToken";
    public const int MaxBatch = 1_000;
    public const long MaxBytes = 512 * 1024;

    public static RouteHandlerBuilder MapMtaNotifications(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/v1/newsletter/notifications", ReceiveAsync).AllowAnonymous()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBytes))
            .WithTags("Lettre d'information")
            .WithName("NewsletterNotifications")
            .WithSummary("Rebonds, plaintes et désinscriptions par courriel signalés par le serveur de messagerie (jeton du serveur)");

    public static async Task<IResult> ReceiveAsync(HttpRequest request, IConfiguration configuration, MtaNotifications notifications, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var secret = configuration[TokenSetting];
        if (string.IsNullOrWhiteSpace(secret))
        {
            return TypedResults.NotFound();
        }
        if (!CarriesSecret(request, secret))
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(title: text["Authentification requise"].Value, detail: text["Le serveur de messagerie s'authentifie avec son jeton (Authorization: Bearer)."].Value, statusCode: StatusCodes.Status401Unauthorized);
        }
        List<MtaNotification> reports;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            reports = Read(document.RootElement, text, out var error);
            if (error is not null)
            {
                return Malformed(error, text);
            }
        }
        catch (JsonException)
        {
            return Malformed(text["Le corps n'est pas du JSON lisible."].Value, text);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(title: text["Contenu trop volumineux"].Value, detail: text["Envoyez au plus {0} signalements à la fois.", MaxBatch].Value, statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        foreach (var report in reports)
        {
            await notifications.ApplyAsync(report, cancellationToken);
        }
        // How many named someone is not said: the answer is the same for any address.
        return TypedResults.Accepted((string?)null, new { received = reports.Count });
    }

    private static bool CarriesSecret(HttpRequest request, string secret)
    {
        const string Scheme = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        var given = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)))
            && given.Length > 0;
    }

    private static List<MtaNotification> Read(JsonElement root, IStringLocalizer text, out string? error)
    {
        error = null;
        var items = root.ValueKind switch
        {
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            JsonValueKind.Object => [root],
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            error = text["Envoyez un signalement (objet JSON) ou une liste de signalements."].Value;
            return [];
        }
        if (items.Count > MaxBatch)
        {
            error = text["Envoyez au plus {0} signalements à la fois.", MaxBatch].Value;
            return [];
        }
        var reports = new List<MtaNotification>();
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                error = text["Chaque signalement est un objet JSON."].Value;
                return [];
            }
            var kind = String(item, "kind") switch
            {
                "hard-bounce" => MtaNotificationKind.HardBounce,
                "soft-bounce" => MtaNotificationKind.SoftBounce,
                "complaint" => MtaNotificationKind.Complaint,
                "unsubscribe" => MtaNotificationKind.Unsubscribe,
                _ => (MtaNotificationKind?)null,
            };
            if (kind is null)
            {
                error = text["« kind » vaut hard-bounce, soft-bounce, complaint ou unsubscribe."].Value;
                return [];
            }
            var (messageId, email, token) = (String(item, "messageId"), String(item, "email"), String(item, "token"));
            if (messageId is null && email is null && token is null)
            {
                error = text["Un signalement nomme son message (messageId), son adresse (email) ou son jeton d'abonné (token)."].Value;
                return [];
            }
            if ((messageId?.Length ?? 0) > 1_000 || (email?.Length ?? 0) > 254 || (token?.Length ?? 0) > NewsletterLinks.MaxTokenLength)
            {
                error = text["Un champ du signalement est trop long."].Value;
                return [];
            }
            reports.Add(new MtaNotification(kind.Value, messageId, email, token));
        }
        return reports;
    }

    private static string? String(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    private static IResult Malformed(string detail, IStringLocalizer text) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [detail] }, title: text["Signalement illisible"].Value);
}
