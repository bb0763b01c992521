using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Observatoire.Vendors.Pages;

[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = ObservatoireCache.Policy)]
public sealed class VendorsModel(VendorQueries queries) : PageModel
{
    public VendorListPage List { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken cancellationToken) =>
        List = await queries.ListAsync(pageNumber ?? 1, cancellationToken);

    public static string Link(int page) => page > 1 ? $"/observatoire/fournisseurs?page={page}" : "/observatoire/fournisseurs";
}
