namespace Contrevue.Features.Mobilisation;

/// <summary>
/// <c>Mobilisation:RetentionDays</c> (365 by default): how long a sign-up is kept;
/// <c>Mobilisation:UnconfirmedDays</c> (7): how long an unconfirmed one waits for its confirmation.
/// </summary>
public sealed class MobilisationSettings(IConfiguration configuration)
{
    public int RetentionDays { get; } = Math.Max(1, configuration.GetValue("Mobilisation:RetentionDays", 365));

    public int UnconfirmedDays { get; } = Math.Max(1, configuration.GetValue("Mobilisation:UnconfirmedDays", 7));
}
