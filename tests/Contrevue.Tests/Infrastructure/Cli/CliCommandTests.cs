using System.Diagnostics;
using Contrevue.Infrastructure.Cli;

namespace Contrevue.Tests.Infrastructure.Cli;

/// <summary>
/// The executable's first word: a command runs, a setting starts the site, and anything else (a typo)
/// is refused with the list of commands and a non-zero exit, instead of starting the web server.
/// </summary>
public sealed class CliCommandTests
{
    [Theory]
    [InlineData("imprt territories")]
    [InlineData("demo-generate")]
    [InlineData("serve")]
    public void A_first_word_that_is_no_command_is_unknown(string line) =>
        Assert.True(ContrevueCli.IsUnknownCommand(line.Split(' ')), line);

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://127.0.0.1:5000")]
    [InlineData("Database:Provider=Postgres")]
    [InlineData("import territories")]
    [InlineData("backup create archive.cvb")]
    [InlineData("help")]
    public void Commands_and_settings_are_not_unknown(string line) =>
        Assert.False(ContrevueCli.IsUnknownCommand(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)), line);

    [Fact]
    public async Task A_typo_exits_with_2_and_lists_the_commands_without_starting_the_site()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Directory.CreateTempSubdirectory("contrevue-cli-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contrevue.dll"));
        start.ArgumentList.Add("imprt");
        start.ArgumentList.Add("territories");
        // Were it to start the site, it would listen here and never exit: the timeout below catches it.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The executable kept running on an unknown command: it started the site.");
        }
        Assert.Equal(2, process.ExitCode);
        var message = await error;
        Assert.Contains("Commande inconnue « imprt ».", message);
        Assert.Contains("Contrevue import territories", message);
        Assert.DoesNotContain("Now listening", await output + message);
    }
}
