using System.Globalization;
using Contrevue.Features.Territories;
using Contrevue.Features.Territories.Search;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Contrevue.Features.Veille.Pages;

/// <summary>The fields of the article forms (members' and the public's), as typed: lists are comma-separated.</summary>
public sealed class ArticleForm
{
    public string? Title { get; set; }
    public string? Outlet { get; set; }
    public string? Author { get; set; }
    public string? PublishedOn { get; set; }
    public string? Url { get; set; }
    public string? Summary { get; set; }
    /// <summary>« vsa, reconnaissance faciale »</summary>
    public string? Tags { get; set; }
    /// <summary>« Sète, Saint-Étienne, 93, Auvergne-Rhône-Alpes »: names or codes (<see cref="TerritoryListField"/>).</summary>
    public string? Territories { get; set; }
    /// <summary>The answers to the questions of the previous post (« Saint-Denis » → which one).</summary>
    public List<TerritoryPick> Picks { get; set; } = [];
    /// <summary>« 12, 40 »</summary>
    public string? Dossiers { get; set; }

    /// <summary>The questions the territories field asks back (ambiguous names), shown with the form.</summary>
    public IReadOnlyList<TerritoryQuestion> Questions { get; private set; } = [];

    public TerritoryQuestionsView QuestionsView => new("Form.Picks", Questions);

    /// <summary>
    /// The input the service checks, its territories read by name or code; null when the form must come back first:
    /// a dossier that is not a number, a territory unknown or ambiguous (then <see cref="Questions"/> asks which).
    /// The territories' text is kept as typed, picks applied, so that nothing typed is lost.
    /// </summary>
    public async Task<ArticleInput?> ToInputAsync(ModelStateDictionary modelState, TerritoryListField field, CancellationToken cancellationToken)
    {
        var territories = await field.ResolveAsync(Territories, Picks, cancellationToken);
        Territories = territories.Text;
        Picks = [];
        Questions = territories.Questions;
        foreach (var error in territories.Errors)
        {
            modelState.AddModelError("Form.Territories", error);
        }
        if (territories.Prompt is { } prompt)
        {
            modelState.AddModelError("Form.Territories", prompt);
        }
        var input = ToInput(modelState);
        return input is null || !territories.IsComplete ? null : input with { Territories = territories.References };
    }

    /// <summary>The input without its territories read (they are read by <see cref="ToInputAsync"/>); null when a dossier is not a number.</summary>
    private ArticleInput? ToInput(ModelStateDictionary modelState)
    {
        var dossiers = new List<int>();
        foreach (var part in List(Dossiers))
        {
            if (!int.TryParse(part.TrimStart('#', 'n', '°', ' '), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                modelState.AddModelError("Form.Dossiers", "Les dossiers se donnent par leur numéro, séparés par des virgules : 12, 40.");
                return null;
            }
            dossiers.Add(id);
        }
        return new ArticleInput(Title, Outlet, Author, PublishedOn, Url, Summary, List(Tags), [], dossiers);
    }

    /// <summary>The form filled from an article, its territories by name and code (« Sète (34301) »), for editing it.</summary>
    public static ArticleForm Of(Article article, IReadOnlyDictionary<TerritoryReference, (string Name, string Path)> names) => new()
    {
        Title = article.Title,
        Outlet = article.Outlet,
        Author = article.Author,
        PublishedOn = article.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Url = article.Url,
        Summary = article.Summary,
        Tags = string.Join(", ", article.Tags.Select(t => t.Tag).Order(StringComparer.Ordinal)),
        Territories = string.Join(", ", article.Territories.OrderBy(t => t.Kind).ThenBy(t => t.Code, StringComparer.Ordinal).Select(t => names.TryGetValue(t.Reference, out var named)
            ? new TerritoryChoice(t.Reference, named.Name, "").FieldValue
            : t.Reference.ToString())),
        Dossiers = string.Join(", ", article.Dossiers.Select(d => d.DossierId).Order()),
    };

    private static List<string> List(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100)];

    /// <summary>The form's field of an input's error.</summary>
    public static string FieldOf(string field) => field switch
    {
        "" => "",
        _ => "Form." + char.ToUpperInvariant(field[0]) + field[1..],
    };
}
