using Contrevue.Features.Territories.Mentions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Contrevue.Tests.Features.Territories.Mentions;

/// <summary>Precision and recall of the suggestions on the labelled headlines, on the real territory data.</summary>
[Collection(AppsCollection.Name)]
public sealed class TerritoryMentionsQualityTests(TestApps apps, ITestOutputHelper output)
{
    [Fact]
    public void The_labelled_set_is_large_and_mixed()
    {
        Assert.True(HeadlineSet.All.Count >= 100, $"{HeadlineSet.All.Count} headlines");
        Assert.True(HeadlineSet.All.Count(h => h.Expected.Count == 0) >= 20, "traps without any territory");
        Assert.True(HeadlineSet.All.Count(h => h.ExpectedAmbiguous.Count > 0) >= 3, "ambiguous names");
        Assert.True(HeadlineSet.All.Count(h => h.Expected.Any(e => e.StartsWith("departement:", StringComparison.Ordinal))) >= 10, "départements");
        Assert.True(HeadlineSet.All.Count(h => h.Expected.Any(e => e.StartsWith("region:", StringComparison.Ordinal))) >= 8, "régions");
        Assert.True(HeadlineSet.All.Count(h => h.AfterTuning) >= 30, "headlines written after tuning");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Precision_is_at_least_0_9_at_recall_at_least_0_8(DatabaseProvider provider)
    {
        var mentions = (await apps.GetAsync(provider)).Services.GetRequiredService<TerritoryMentions>();
        var results = new List<(LabelledHeadline, IReadOnlyList<TerritoryMention>)>();
        foreach (var headline in HeadlineSet.All)
        {
            results.Add((headline, await mentions.FindAsync(headline.Text, default)));
        }

        var score = HeadlineSet.Evaluate(results);

        output.WriteLine($"{HeadlineSet.All.Count} headlines, {score.Expected} expected, {score.Suggested} suggested, {score.Correct} correct: "
            + $"precision {score.Precision:0.000}, recall {score.Recall:0.000}");
        var afterTuning = HeadlineSet.Evaluate(results.Where(r => r.Item1.AfterTuning));
        output.WriteLine($"of which {results.Count(r => r.Item1.AfterTuning)} written after tuning: precision {afterTuning.Precision:0.000}, recall {afterTuning.Recall:0.000}");
        foreach (var error in score.Errors)
        {
            output.WriteLine(error);
        }
        Assert.True(score.Precision >= 0.9, $"precision {score.Precision:0.000}\n{string.Join('\n', score.Errors)}");
        Assert.True(score.Recall >= 0.8, $"recall {score.Recall:0.000}\n{string.Join('\n', score.Errors)}");
    }

    [Theory, MemberData(nameof(TestDatabases.All), MemberType = typeof(TestDatabases))]
    public async Task Names_labelled_ambiguous_are_left_ambiguous_with_their_candidates(DatabaseProvider provider)
    {
        var mentions = (await apps.GetAsync(provider)).Services.GetRequiredService<TerritoryMentions>();
        foreach (var headline in HeadlineSet.All.Where(h => h.ExpectedAmbiguous.Count > 0))
        {
            var found = await mentions.FindAsync(headline.Text, default);
            foreach (var name in headline.ExpectedAmbiguous)
            {
                var mention = Assert.Single(found, m => m.Text == name);
                Assert.True(mention.Ambiguous, $"« {name} » in line {headline.Line}");
                Assert.Null(mention.Territory);
                Assert.True(mention.Candidates.Count >= 2, $"« {name} » in line {headline.Line}: {mention.Candidates.Count} candidates");
            }
        }
    }
}
