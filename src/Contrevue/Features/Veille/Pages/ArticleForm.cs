using System.Globalization;
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
    /// <summary>« 42218, departement:42 »</summary>
    public string? Territories { get; set; }
    /// <summary>« 12, 40 »</summary>
    public string? Dossiers { get; set; }

    /// <summary>The input the service checks; a dossier that is not a number is an error of the form.</summary>
    public ArticleInput? ToInput(ModelStateDictionary modelState)
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
        return new ArticleInput(Title, Outlet, Author, PublishedOn, Url, Summary, List(Tags), List(Territories), dossiers);
    }

    private static List<string> List(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(100)];

    /// <summary>The form's field of an input's error.</summary>
    public static string FieldOf(string field) => field switch
    {
        "" => "",
        _ => "Form." + char.ToUpperInvariant(field[0]) + field[1..],
    };
}
