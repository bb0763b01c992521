namespace Contrevue.Features.Newsletter.Subscriptions;

/// <summary>The consent wordings, shown on the forms and stored word for word in the consent log.</summary>
public static class SubscriptionTexts
{
    /// <summary>Shown under every subscribe form (and to be shown by the API's clients); stored with each request.</summary>
    public const string ConsentWording =
        "En m'abonnant, j'accepte de recevoir par e-mail la lettre d'information de Contrevue pour les listes et les sujets choisis. " +
        "Mon adresse ne sert qu'à ces envois : elle n'est ni publiée ni transmise. Je peux me désabonner à tout moment par le lien de chaque lettre.";

    /// <summary>Shown above the confirmation button; stored when the person confirms.</summary>
    public const string ConfirmationWording =
        "Je confirme vouloir recevoir la lettre d'information de Contrevue pour les listes et les sujets indiqués sur cette page.";

    /// <summary>Shown on the preferences page; stored with each change made there.</summary>
    public const string PreferencesWording =
        "Je choisis les listes et les sujets de la lettre d'information de Contrevue que je veux recevoir.";

    public const string InvalidTitle = "Abonnement refusé : vérifiez les champs indiqués.";
}

/// <summary>What a pending confirmation applies (<see cref="Subscriber.PendingRequest"/>), as JSON.</summary>
public sealed record PendingSubscription(IReadOnlyList<string> Lists, string Topics, string Method, string? Wording)
{
    public string ToJson() => System.Text.Json.JsonSerializer.Serialize(this);

    public static PendingSubscription? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<PendingSubscription>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
