using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Contrevue.Data.Sqlite.Migrations
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
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Uses = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    TerritoryKind = table.Column<int>(type: "INTEGER", nullable: false),
                    TerritoryCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    SentOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PublicName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    FollowUpsSent = table.Column<int>(type: "INTEGER", nullable: false),
                    FollowUpEndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FollowUpEnd = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<int>(type: "INTEGER", nullable: false),
                    TerritoryKind = table.Column<int>(type: "INTEGER", nullable: false),
                    TerritoryCode = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    RespondedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Quote = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ProposalId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "IX_campaign_responses_CampaignId_TerritoryKind_TerritoryCode_RespondedOn",
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
