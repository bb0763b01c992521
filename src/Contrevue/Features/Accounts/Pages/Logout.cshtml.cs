using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Contrevue.Features.Accounts.Pages;

public sealed class LogoutModel(SignInManager<ContrevueUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/compte");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }
}
