using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <summary>
    /// What instances behind one proxy share besides the model: per-client counters (keyed hashes, one
    /// row per window), spent proof-of-work challenges, and the key of those hashes. Unlogged: none of
    /// it is worth the write-ahead log, and it stays out of replicas and physical backups. Outside the
    /// EF model, so the app's own backup leaves it out too; the app deletes closed windows itself.
    /// </summary>
    [Migration("20261203160000_SharedInstanceState")]
    public partial class SharedInstanceState : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE UNLOGGED TABLE shared_window_counters (
                    key text NOT NULL,
                    window_ends timestamp with time zone NOT NULL,
                    count bigint NOT NULL,
                    PRIMARY KEY (key, window_ends));
                CREATE UNLOGGED TABLE shared_spent_challenges (
                    nonce text PRIMARY KEY,
                    expires_at timestamp with time zone NOT NULL);
                CREATE UNLOGGED TABLE shared_secrets (
                    name text PRIMARY KEY,
                    value bytea NOT NULL);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE shared_window_counters; DROP TABLE shared_spent_challenges; DROP TABLE shared_secrets;");
        }
    }
}
