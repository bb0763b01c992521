using Contrevue.Infrastructure;

namespace Contrevue.Features.Kit;

/// <summary>
/// A resource of the kit that another feature makes on demand rather than a file uploaded once (the campaign's
/// per-commune posters): listed on <c>/kit</c> with a link to the page where it is made. Each feature that makes
/// some registers one implementation in its own setup; the kit never reads their tables.
/// </summary>
[Seam]
public interface IGeneratedKitResources
{
    Task<IReadOnlyList<GeneratedKitResource>> ListAsync(CancellationToken cancellationToken);
}

/// <param name="Kind">A code of <see cref="KitCodes.Kinds"/>.</param>
/// <param name="Title">French, as shown (translated through the resx).</param>
/// <param name="Description">French: what it is, and that one chooses a commune (translated through the resx).</param>
/// <param name="Path">Where it is made: a page of the site.</param>
/// <param name="Formats">Print formats among <see cref="KitCodes.Formats"/>.</param>
[Seam]
public sealed record GeneratedKitResource(string Kind, string Title, string Description, string Path, IReadOnlyList<string> Formats);
