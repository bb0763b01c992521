namespace Contrevue.Features.Veille;

/// <summary>
/// An article to add: the body of <c>POST /api/v1/articles</c>, what the pages' forms fill, what a moderator's
/// approval publishes and what a feed's accepted item will become.
/// </summary>
/// <param name="Url">The address as found, tracking parameters included: its canonical form is computed.</param>
/// <param name="PublishedOn">The day of publication: "2026-11-30".</param>
/// <param name="Territories">Territory references: "42218", "departement:42", "epci:244200770", "region:84".</param>
/// <param name="Dossiers">Ids of observatoire dossiers.</param>
public sealed record ArticleInput(
    string? Title, string? Outlet, string? Author, string? PublishedOn, string? Url, string? Summary,
    IReadOnlyList<string>? Tags = null, IReadOnlyList<string>? Territories = null, IReadOnlyList<int>? Dossiers = null);

/// <summary>What an addition came to.</summary>
public abstract record ArticleChange
{
    public sealed record Done(Article Article) : ArticleChange;
    public sealed record Invalid(Dictionary<string, string[]> Errors) : ArticleChange;
    /// <summary>An article of the same canonical address exists already.</summary>
    public sealed record Duplicate(int ExistingId, string ExistingTitle, string ExistingPath) : ArticleChange;
    public sealed record NotFound : ArticleChange;
    /// <summary>Not the caller's to change: only moderators and the member who added it.</summary>
    public sealed record Forbidden : ArticleChange;
    public sealed record Deleted(int Id) : ArticleChange;
}

/// <summary>What a list of articles asks; every criterion optional.</summary>
/// <param name="Departement">Articles about this département or one of its communes.</param>
public sealed record ArticleQuery(
    string? Tag = null, Territories.TerritoryReference? Territory = null, string? Departement = null, string? Outlet = null,
    DateOnly? From = null, DateOnly? To = null, string? Text = null, int? DossierId = null);

/// <summary>Where a page of a list starts again: after this article, in the lists' order (newest first).</summary>
public sealed record ArticleCursor(DateOnly PublishedOn, int Id)
{
    public string Encode() => $"{PublishedOn:yyyyMMdd}.{Id}";

    public static ArticleCursor? Decode(string? text)
    {
        var parts = text?.Trim().Split('.');
        return parts is [var day, var id]
            && DateOnly.TryParseExact(day, "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            && int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? new ArticleCursor(date, number)
            : null;
    }
}

/// <summary>A page of a list and where the next one starts (null: this was the last).</summary>
public sealed record ArticlePage(IReadOnlyList<Article> Items, ArticleCursor? Next);
