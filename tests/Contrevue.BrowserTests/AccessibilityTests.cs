using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

/// <summary>
/// axe-core on the pages a visitor meets first, in both colour schemes: the dark theme swaps every
/// colour token, so its contrast is checked on its own.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            data.Add("/", scheme);
            data.Add("/recherche?q=saint", scheme);
            data.Add("/communes/42218-saint-etienne", scheme);
            data.Add("/departements/42-loire", scheme);
            data.Add("/campagnes/pas-de-vsa-dans-ma-ville/lettre?territoire=42218", scheme);
            data.Add("/campagnes/pas-de-vsa-dans-ma-ville", scheme);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_or_critical_accessibility_violation(string path, ColorScheme scheme)
    {
        await using var watched = await fixture.OpenAsync(new() { ColorScheme = scheme });
        var response = await watched.Page.GotoAsync(path);
        Assert.Equal(200, response!.Status);

        var results = await Axe.RunAsync(watched.Page);

        Assert.True(results.PassedRules > 0, $"axe checked nothing on {path}.");
        var blocking = results.Violations.Where(violation => violation.IsSeriousOrCritical).ToList();
        Assert.True(blocking.Count == 0, $"axe found on {path} ({scheme}):\n{Axe.Describe(blocking)}");
        watched.AssertNoBrowserErrors();
    }
}
