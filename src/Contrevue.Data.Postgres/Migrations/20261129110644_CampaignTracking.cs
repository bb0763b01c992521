using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CampaignTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "campaign_paragraph_fingerprints",
                columns: table => new
                {
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Uses = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_paragraph_fingerprints", x => new { x.CampaignId, x.Hash });
                    table.ForeignKey(
                        name: "FK_campaign_paragraph_fingerprints_campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaign_requests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    TerritoryKind = table.Column<int>(type: "integer", nullable: false),
                    TerritoryCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PublicName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ContactEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    FollowUpsSent = table.Column<int>(type: "integer", nullable: false),
                    FollowUpEndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FollowUpEnd = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_campaign_requests_campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "campaign_responses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<int>(type: "integer", nullable: false),
                    TerritoryKind = table.Column<int>(type: "integer", nullable: false),
                    TerritoryCode = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    RespondedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Quote = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: true),
                    SourceUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FileSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ProposalId = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_campaign_responses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_campaign_responses_campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_requests_CampaignId_TerritoryKind_TerritoryCode",
                table: "campaign_requests",
                columns: new[] { "CampaignId", "TerritoryKind", "TerritoryCode" });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_requests_FollowUpEndedAt_SentOn",
                table: "campaign_requests",
                columns: new[] { "FollowUpEndedAt", "SentOn" });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_responses_CampaignId_CreatedAt",
                table: "campaign_responses",
                columns: new[] { "CampaignId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_responses_CampaignId_TerritoryKind_TerritoryCode_R~",
                table: "campaign_responses",
                columns: new[] { "CampaignId", "TerritoryKind", "TerritoryCode", "RespondedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_campaign_responses_FileSha256",
                table: "campaign_responses",
                column: "FileSha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaign_paragraph_fingerprints");

            migrationBuilder.DropTable(
                name: "campaign_requests");

            migrationBuilder.DropTable(
                name: "campaign_responses");
        }
    }
}
