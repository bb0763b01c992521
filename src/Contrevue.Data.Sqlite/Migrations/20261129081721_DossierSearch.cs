using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DossierSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search of dossiers (Contrevue.Features.Observatoire.Search). The rowid is the
            // dossier's id; the app writes the text already lower-cased, unaccented and stemmed by its
            // FrenchStemmer (FTS5 has no French stemmer), and maintains the rows itself (no trigger).
            migrationBuilder.Sql("CREATE VIRTUAL TABLE dossier_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS dossier_search;");
        }
    }
}
