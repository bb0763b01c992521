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

    [Fact]
    public async Task Commands_run_from_two_folders_use_one_database_and_say_which()
    {
        var home = Directory.CreateTempSubdirectory("contrevue-home-").FullName;
        var expected = Path.Combine(home, ".local", "share", "contrevue", "contrevue.db");
        foreach (var folder in new[] { Directory.CreateTempSubdirectory("contrevue-a-").FullName, Directory.CreateTempSubdirectory("contrevue-b-").FullName })
        {
            var (exitCode, _, error) = await RunAsync(folder, home, "migrate");

            Assert.Equal(0, exitCode);
            Assert.Contains($"Base de données : SQLite {expected}", error);
            Assert.False(Directory.Exists(Path.Combine(folder, "data")), "a second database was made in the working directory");
        }
        Assert.True(File.Exists(expected));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string workingDirectory, string home, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Contrevue.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = home;
        start.Environment.Remove("XDG_DATA_HOME");
        // The settings a test run may carry would choose another database.
        start.Environment.Remove("ConnectionStrings__Default");
        start.Environment.Remove("Database__Provider");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
