using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Contrevue.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Newsletter : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "newsletter_collective_lists",
                columns: table => new
                {
                    CollectiveId = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_collective_lists", x => x.CollectiveId);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_mailings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Markdown = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Lists = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Topics = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ScheduledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SendAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HtmlBody = table.Column<string>(type: "text", nullable: true),
                    TextBody = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_mailings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_sending_rate",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    messages_per_second = table.Column<double>(type: "double precision", nullable: false),
                    next_slot_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_sending_rate", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_subscribers",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    topics = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    confirmed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    unsubscribed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    confirmation_sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    pending_request = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    bounced_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    soft_bounce_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_subscribers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_consents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SubscriberId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Lists = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Topics = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Wording = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Statement = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ActorUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    MailingId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_consents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_newsletter_consents_newsletter_subscribers_SubscriberId",
                        column: x => x.SubscriberId,
                        principalTable: "newsletter_subscribers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_deliveries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    mailing_id = table.Column<int>(type: "integer", nullable: false),
                    subscriber_id = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    attempt_count = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_deliveries", x => x.id);
                    table.ForeignKey(
                        name: "FK_newsletter_deliveries_newsletter_mailings_mailing_id",
                        column: x => x.mailing_id,
                        principalTable: "newsletter_mailings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_newsletter_deliveries_newsletter_subscribers_subscriber_id",
                        column: x => x.subscriber_id,
                        principalTable: "newsletter_subscribers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "newsletter_subscriptions",
                columns: table => new
                {
                    subscriber_id = table.Column<int>(type: "integer", nullable: false),
                    list_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    subscribed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_newsletter_subscriptions", x => new { x.subscriber_id, x.list_code });
                    table.ForeignKey(
                        name: "FK_newsletter_subscriptions_newsletter_subscribers_subscriber_~",
                        column: x => x.subscriber_id,
                        principalTable: "newsletter_subscribers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_consents_MailingId",
                table: "newsletter_consents",
                column: "MailingId");

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_consents_SubscriberId_At",
                table: "newsletter_consents",
                columns: new[] { "SubscriberId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_deliveries_mailing_id_subscriber_id",
                table: "newsletter_deliveries",
                columns: new[] { "mailing_id", "subscriber_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_deliveries_status_next_attempt_at",
                table: "newsletter_deliveries",
                columns: new[] { "status", "next_attempt_at" });

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_deliveries_subscriber_id",
                table: "newsletter_deliveries",
                column: "subscriber_id");

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_mailings_Status_SendAt",
                table: "newsletter_mailings",
                columns: new[] { "Status", "SendAt" });

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_subscribers_email",
                table: "newsletter_subscribers",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_subscribers_status",
                table: "newsletter_subscribers",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "IX_newsletter_subscriptions_list_code",
                table: "newsletter_subscriptions",
                column: "list_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "newsletter_collective_lists");

            migrationBuilder.DropTable(
                name: "newsletter_consents");

            migrationBuilder.DropTable(
                name: "newsletter_deliveries");

            migrationBuilder.DropTable(
                name: "newsletter_sending_rate");

            migrationBuilder.DropTable(
                name: "newsletter_subscriptions");

            migrationBuilder.DropTable(
                name: "newsletter_mailings");

            migrationBuilder.DropTable(
                name: "newsletter_subscribers");
        }
    }
}
