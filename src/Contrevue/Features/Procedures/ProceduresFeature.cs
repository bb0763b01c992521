using Contrevue.Features.Procedures.Templates;
using Contrevue.Infrastructure.Hosting;

namespace Contrevue.Features.Procedures;

public sealed class ProceduresFeature : IFeature
{
    public int Order => 60;

    public void AddServices(WebApplicationBuilder builder)
    {
        builder.Services.AddProcedures();
        builder.Services.AddProcedureTemplates();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProcedures();
        endpoints.MapProcedureTemplates();
    }
}
