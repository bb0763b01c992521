using Contrevue.Data;
using Contrevue.Features.Territories;
using Contrevue.Infrastructure.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace Contrevue.Features.Moderation;

/// <summary>
/// The addresses contributors leave with their proposals (contact facts, sources, dossiers, campaign
/// answers). Erasing one removes the address; a proposal never confirmed (so never reviewed nor
/// public) goes with it, since it can no longer be confirmed. Decided and pending proposals stay:
/// they are moderated content, and the address is all that tied them to a person.
/// </summary>
public sealed class ContributorEmailHolder(ContrevueDbContext db, IEnumerable<IProposalPublisher> publishers) : IPersonalDataHolder
{
    public const string Kind = "Proposition";

    public async Task<IReadOnlyList<PersonalDataItem>> FindAsync(string email, CancellationToken cancellationToken)
    {
        var proposals = await db.Set<ContributorEmail>().AsNoTracking()
            .Where(c => c.Email.ToLower() == email)
            .Join(db.Set<Proposal>(), c => c.ProposalId, p => p.Id, (c, p) => p)
            .OrderBy(p => p.CreatedAt)
            .ToListAsync(cancellationToken);
        var items = new List<PersonalDataItem>();
        foreach (var proposal in proposals)
        {
            var territory = await db.NameOfAsync(proposal.Territory, cancellationToken) ?? proposal.Territory.ToString();
            items.Add(new PersonalDataItem(Kind, $"{KindLabel(proposal.Kind)} — {territory}", proposal.CreatedAt, StatusLabel(proposal.Status)));
        }
        return items;
    }

    public async Task<int> EraseAsync(string email, DateTime now, CancellationToken cancellationToken)
    {
        var proposalIds = db.Set<ContributorEmail>().Where(c => c.Email.ToLower() == email).Select(c => c.ProposalId);
        await db.Set<Proposal>()
            .Where(p => p.Status == ProposalStatus.AwaitingConfirmation && proposalIds.Contains(p.Id))
            .ExecuteDeleteAsync(cancellationToken);
        return await db.Set<ContributorEmail>().Where(c => c.Email.ToLower() == email).ExecuteDeleteAsync(cancellationToken);
    }

    private string KindLabel(string kind) => publishers.FirstOrDefault(p => p.Kind == kind)?.ContributorLabel ?? kind;

    public static string StatusLabel(ProposalStatus status) => status switch
    {
        ProposalStatus.AwaitingConfirmation => "en attente de votre confirmation",
        ProposalStatus.Pending => "en attente de modération",
        ProposalStatus.Approved => "publiée",
        _ => "refusée",
    };
}
