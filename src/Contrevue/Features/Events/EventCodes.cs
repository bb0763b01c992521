namespace Contrevue.Features.Events;

/// <summary>The kinds of event, by their API code, with their French label (translated through the resx).</summary>
public static class EventCodes
{
    public static readonly IReadOnlyList<(string Code, string Label)> Kinds =
    [
        ("information-meeting", "Réunion d'information"),
        ("inter-collective-meeting", "Réunion inter-collectifs"),
        ("debate", "Débat"),
        ("screening", "Projection"),
        ("postering", "Collage"),
        ("leafleting", "Tractage"),
        ("rally", "Rassemblement"),
        ("council-session", "Conseil municipal"),
        ("workshop", "Atelier"),
        ("other", "Autre rendez-vous"),
    ];

    public static bool IsKind(string? code) => Kinds.Any(k => k.Code == code);

    public static string KindLabel(string code) => Kinds.FirstOrDefault(k => k.Code == code).Label ?? code;
}
