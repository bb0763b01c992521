using Contrevue.BrowserTests.Infrastructure;

namespace Contrevue.BrowserTests;

/// <summary>320 CSS pixels: the narrowest phone WCAG's reflow criterion (1.4.10) asks us to serve.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SmallScreenTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("/communes/42218-saint-etienne")]
    [InlineData("/")]
    [InlineData("/recherche?q=saint")]
    [InlineData("/departements/42-loire")]
    public async Task Page_does_not_scroll_sideways_at_320_pixels(string path)
    {
        await using var watched = await fixture.OpenAsync(new() { ViewportSize = new() { Width = 320, Height = 640 } });
        await watched.Page.GotoAsync(path);

        var scrollWidth = await watched.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");

        Assert.True(scrollWidth <= 320, $"{path} is {scrollWidth} px wide at a 320 px viewport.");
        watched.AssertNoBrowserErrors();
    }
}
