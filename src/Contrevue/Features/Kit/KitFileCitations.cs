using Contrevue.Infrastructure.Files;

namespace Contrevue.Features.Kit;

/// <summary>The kit's files and previews at <c>/fichiers/{sha256}</c>: public once their resource is published.</summary>
public sealed class KitFileCitations(KitService kit) : IFileCitations
{
    public Task<FileAudience> AudienceAsync(string sha256, CancellationToken cancellationToken) => kit.AudienceAsync(sha256, cancellationToken);
}
