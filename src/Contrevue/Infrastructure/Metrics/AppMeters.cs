namespace Contrevue.Infrastructure.Metrics;

/// <summary>The names of the app's own meters, listened to when metrics are on.</summary>
public static class AppMeters
{
    public const string Jobs = "Contrevue.Jobs";
    public const string Mail = "Contrevue.Mail";
}
