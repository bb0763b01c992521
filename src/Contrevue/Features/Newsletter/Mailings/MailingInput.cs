using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Newsletter.Mailings;

/// <summary>What an organiser writes: the subject, the Markdown, the lists (codes) and the topics (codes; none: everyone on the lists).</summary>
public sealed record MailingInput(string? Subject, string? Markdown, IReadOnlyList<string>? Lists, IReadOnlyList<string>? Topics);

/// <summary>A mailing's fields, checked: the lists read and known, the topics known.</summary>
public sealed record ValidMailing(string Subject, string Markdown, IReadOnlyList<NewsletterList> Lists, IReadOnlyList<string> Topics)
{
    public string ListCodes => string.Join(',', Lists.Select(l => l.Code));
    public string TopicCodes => NewsletterTopics.Join(Topics);
}

/// <summary>
/// The checks of a mailing's fields, with French messages by field (subject, markdown, lists, topics):
/// a known département's list, a collective's list only once the collective opened it.
/// </summary>
public sealed class MailingValidator(ContrevueDbContext db, DepartementNames departements, IStringLocalizer<SharedResource> text)
{
    /// <summary>More lists than this in one mailing is no organiser's doing (there are about a hundred départements).</summary>
    public const int MaxLists = 120;

    public async Task<(ValidMailing? Mailing, Dictionary<string, string[]> Errors)> ValidateAsync(MailingInput input, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var subject = input.Subject?.Trim() ?? "";
        if (subject.Length == 0)
        {
            errors["subject"] = [text["Indiquez l'objet de la lettre."].Value];
        }
        else if (subject.Length > Mailing.MaxSubjectLength)
        {
            errors["subject"] = [text["L'objet compte au plus {0} caractères.", Mailing.MaxSubjectLength].Value];
        }
        else if (!InputText.IsAcceptable(subject, multiLine: false))
        {
            errors["subject"] = [text["L'objet tient sur une ligne, sans caractère de contrôle ni non-caractère Unicode."].Value];
        }

        var markdown = (input.Markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(markdown))
        {
            errors["markdown"] = [text["Écrivez le texte de la lettre."].Value];
        }
        else if (markdown.Length > Mailing.MaxMarkdownLength)
        {
            errors["markdown"] = [text["Le texte de la lettre compte au plus {0} caractères (il en a {1}).", Mailing.MaxMarkdownLength, markdown.Length].Value];
        }
        else if (!InputText.IsAcceptable(markdown, multiLine: true))
        {
            errors["markdown"] = [text["Le texte de la lettre contient un caractère interdit (caractère de contrôle ou non-caractère Unicode)."].Value];
        }

        var lists = new List<NewsletterList>();
        var codes = (input.Lists ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (codes.Count == 0)
        {
            errors["lists"] = [text["Choisissez au moins une liste de destinataires."].Value];
        }
        else if (codes.Count > MaxLists)
        {
            errors["lists"] = [text["Une lettre part vers {0} listes au plus.", MaxLists].Value];
        }
        else
        {
            var problems = new List<string>();
            foreach (var code in codes)
            {
                if (!NewsletterList.TryParse(code, out var list))
                {
                    problems.Add(text["Liste inconnue : « {0} » (national, departement:42 ou collective:17).", Shorten(code)].Value);
                }
                else if (list.Kind == NewsletterListKind.Departement && !await departements.ExistsAsync(list.DepartementCode!, cancellationToken))
                {
                    problems.Add(text["Aucun département n'a le code « {0} ».", list.DepartementCode!].Value);
                }
                else if (list.Kind == NewsletterListKind.Collective
                    && !await db.Set<CollectiveNewsletter>().AnyAsync(c => c.CollectiveId == list.CollectiveId!.Value, cancellationToken))
                {
                    problems.Add(text["Le collectif n°{0} n'a pas ouvert de lettre d'information.", list.CollectiveId!.Value].Value);
                }
                else if (!lists.Contains(list))
                {
                    lists.Add(list);
                }
            }
            if (problems.Count > 0)
            {
                errors["lists"] = [.. problems];
            }
        }

        var topics = (input.Topics ?? []).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = topics.Where(t => !NewsletterTopics.IsKnown(t)).ToList();
        if (unknown.Count > 0)
        {
            errors["topics"] = [text["Thème inconnu : « {0} » (choisissez parmi {1}).", Shorten(unknown[0]), string.Join(", ", NewsletterTopics.All.Select(t => t.Code))].Value];
        }
        return errors.Count > 0 ? (null, errors) : (new ValidMailing(subject, markdown, lists, topics), errors);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 39), "…");
}
