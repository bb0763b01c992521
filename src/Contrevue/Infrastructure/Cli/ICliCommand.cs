namespace Contrevue.Infrastructure.Cli;

/// <summary>
/// A command of the operator's command line contributed by a feature (<c>Contrevue import territories</c>,
/// <c>Contrevue demo generate</c>…). <see cref="ContrevueCli"/> finds every implementation in the
/// assembly; it runs the first whose <see cref="Words"/> start the command line.
/// </summary>
public interface ICliCommand
{
    /// <summary>The words that name the command: <c>["import", "territories"]</c>.</summary>
    IReadOnlyList<string> Words { get; }

    /// <summary>Where the command's lines go in the usage text: 0–29 before <c>migrate</c>, 30–59 before <c>mail test</c>, 60–89 before <c>backup</c>.</summary>
    int Order { get; }

    /// <summary>Its lines of the usage text, each indented by two spaces and ending with a line break.</summary>
    string Usage { get; }

    /// <param name="args">What follows the command's words (options, and host arguments such as configuration overrides).</param>
    /// <param name="buildHost">Builds the app (configuration, services) from the remaining arguments, as the web app would.</param>
    Task<int> RunAsync(string[] args, Func<IEnumerable<string>, WebApplication> buildHost);
}

/// <summary>A mistake on the command line: its message is printed, then the usage text, and the exit code is 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
