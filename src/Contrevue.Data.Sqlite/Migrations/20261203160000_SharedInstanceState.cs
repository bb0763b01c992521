using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <summary>
    /// Empty on SQLite: one instance only, whose counters and spent challenges stay in memory. Kept so
    /// that both providers have the same list of migrations (the PostgreSQL one creates shared tables).
    /// </summary>
    [Migration("20261203160000_SharedInstanceState")]
    public partial class SharedInstanceState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
