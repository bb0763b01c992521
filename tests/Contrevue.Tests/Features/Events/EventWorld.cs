using Contrevue.Features.Collectives;
using Contrevue.Tests.Features.Procedures;
using Microsoft.Extensions.DependencyInjection;

namespace Contrevue.Tests.Features.Events;

public static class EventWorld
{
    /// <summary>The inter-collective meeting of the issue: every Wednesday at 18:30 from 10 March 2027, online, the 24th cancelled.</summary>
    public static object WeeklyMeeting(int? collectiveId, string title = "Réunion inter-collectifs") => new
    {
        title,
        kind = "inter-collective-meeting",
        collective = collectiveId,
        start = "2027-03-10T18:30",
        end = "2027-03-10T20:00",
        recurrence = "FREQ=WEEKLY;BYDAY=WE",
        exceptions = new[] { "2027-03-24" },
        online = true,
        onlineUrl = "https://visio.example.org/salle-secrete-7f3a",
        territory = "departement:42",
        description = "Les suites de la campagne et les prochains éléments du **kit**.",
        approval = true,
    };

    public static async Task<CollectiveMemberSession> MemberOfNewCollectiveAsync(AppFactory app, bool listed = false, bool signIn = false)
    {
        var collectiveId = await ProcedureWorld.CreateCollectiveAsync(app);
        if (listed)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ContrevueDbContext>();
            var collective = await db.Set<Collective>().FindAsync(collectiveId);
            collective!.Listed = true;
            await db.SaveChangesAsync();
        }
        return await ProcedureWorld.MemberAsync(app, collectiveId, signIn);
    }
}
