using Contrevue.Features.Administration;

namespace Contrevue.Features.Mobilisation.Organisers;

/// <summary>The admin dashboard's count of confirmed sign-ups, and the way to them.</summary>
public sealed class SignUpsCard(SignUpQueries signUps, MobilisationSettings settings) : IAdminDashboardCard
{
    public sealed record View(int ConfirmedCount, int RetentionDays);

    public int Order => 60;

    public string PartialName => "/Features/Mobilisation/Organisers/_SignUpsCard.cshtml";

    public async Task<object> LoadAsync(CancellationToken cancellationToken) =>
        new View(await signUps.ConfirmedCountAsync(cancellationToken), settings.RetentionDays);
}
