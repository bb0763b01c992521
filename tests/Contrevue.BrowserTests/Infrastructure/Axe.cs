using System.Text;
using System.Text.Json;

namespace Contrevue.BrowserTests.Infrastructure;

/// <summary>
/// axe-core, injected by the test through the DevTools protocol: the site's CSP forbids inline
/// scripts, and the app must never serve a test tool, so neither a script tag nor a CSP bypass is used.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Prerequisites.AxeScriptPath));

    private const string RunScript = """
        async () => {
          const results = await axe.run(document);
          return JSON.stringify({
            passedRules: results.passes.length,
            violations: results.violations.map(v => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              helpUrl: v.helpUrl,
              nodes: v.nodes.map(n => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
            })),
          });
        }
        """;

    public static async Task<Results> RunAsync(IPage page)
    {
        await page.EvaluateAsync(Source.Value);
        var json = await page.EvaluateAsync<string>(RunScript);
        return JsonSerializer.Deserialize<Results>(json, JsonSerializerOptions.Web)!;
    }

    public static string Describe(IEnumerable<Violation> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine($"[{violation.Impact}] {violation.Id}: {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes.Take(5))
            {
                text.AppendLine($"    at {node.Target}: {node.Html}");
                text.AppendLine($"       {node.Summary?.ReplaceLineEndings(" ")}");
            }
            if (violation.Nodes.Count > 5)
            {
                text.AppendLine($"    … and {violation.Nodes.Count - 5} more elements");
            }
        }
        return text.ToString();
    }

    /// <param name="PassedRules">How many rules found something to check and passed: zero means axe saw no page.</param>
    public sealed record Results(int PassedRules, IReadOnlyList<Violation> Violations);

    public sealed record Violation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<ViolationNode> Nodes)
    {
        public bool IsSeriousOrCritical => Impact is "serious" or "critical";
    }

    public sealed record ViolationNode(string Target, string Html, string? Summary);
}
