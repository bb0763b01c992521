namespace Contrevue.Features.OpenData;

/// <summary>The dumps on the admin dashboard: the last one's date and size, and a button to remake them now.</summary>
public sealed class OpenDataAdminCard(OpenDataDumper dumper) : Administration.IAdminDashboardCard
{
    public sealed record View(OpenDataManifest? Manifest, bool Running);

    public int Order => 250;

    public string PartialName => "/Features/OpenData/_OpenDataAdminCard.cshtml";

    public Task<object> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<object>(new View(dumper.Current, dumper.IsRunning));
}
