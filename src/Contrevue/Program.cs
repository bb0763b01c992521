using Contrevue.Infrastructure;
using Contrevue.Infrastructure.Cli;

if (ContrevueCli.IsCommand(args))
{
    return await ContrevueCli.RunAsync(args);
}
if (ContrevueCli.IsUnknownCommand(args))
{
    return ContrevueCli.UnknownCommand(args);
}

var builder = WebApplication.CreateBuilder(ContrevueSetup.Options(args));
builder.AddContrevue();

var app = builder.Build();
await app.PrepareDatabaseAsync();
app.MapContrevue();
await app.RunAsync();
return 0;

public partial class Program;
