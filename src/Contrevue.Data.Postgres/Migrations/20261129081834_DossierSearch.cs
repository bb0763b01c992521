using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DossierSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search of dossiers (Contrevue.Features.Observatoire.Search): French stemming
            // without accents. The app writes the rows (no trigger), so both providers behave alike.
            // unaccent is a trusted extension (PostgreSQL 13+): the database owner may create it.
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS unaccent;");
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'contrevue_fr') THEN
                        CREATE TEXT SEARCH CONFIGURATION contrevue_fr (COPY = french);
                    END IF;
                END
                $$;
                """);
            migrationBuilder.Sql("ALTER TEXT SEARCH CONFIGURATION contrevue_fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;");
            migrationBuilder.Sql("""
                CREATE TABLE dossier_search (
                    dossier_id integer PRIMARY KEY REFERENCES dossiers ("Id") ON DELETE CASCADE,
                    document tsvector NOT NULL
                );
                """);
            migrationBuilder.Sql("CREATE INDEX ix_dossier_search_document ON dossier_search USING GIN (document);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS dossier_search;");
            migrationBuilder.Sql("DROP TEXT SEARCH CONFIGURATION IF EXISTS contrevue_fr;");
            // unaccent stays: other objects of the database may use it.
        }
    }
}
