using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Contrevue.Infrastructure.Mail;

// Explicit lower snake_case names and lower-case status values: the PostgreSQL claim query is SQL.
internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> entity)
    {
        entity.ToTable("outbox_messages");
        entity.HasKey(m => m.Id);
        entity.Property(m => m.Id).HasColumnName("id");
        entity.Property(m => m.Recipient).HasColumnName("recipient").HasMaxLength(320);
        entity.Property(m => m.Subject).HasColumnName("subject").HasMaxLength(500);
        entity.Property(m => m.TextBody).HasColumnName("text_body");
        entity.Property(m => m.HtmlBody).HasColumnName("html_body");
        entity.Property(m => m.CreatedAt).HasColumnName("created_at");
        entity.Property(m => m.Status).HasColumnName("status").HasMaxLength(10)
            .HasConversion(s => s.ToString().ToLowerInvariant(), s => Enum.Parse<OutboxStatus>(s, true));
        entity.Property(m => m.AttemptCount).HasColumnName("attempt_count");
        entity.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        entity.Property(m => m.ClaimedUntil).HasColumnName("claimed_until");
        entity.Property(m => m.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(100);
        entity.Property(m => m.SentAt).HasColumnName("sent_at");
        entity.Property(m => m.LastError).HasColumnName("last_error").HasMaxLength(1000);
        entity.Property(m => m.ForgetBodyOnceSent).HasColumnName("forget_body_once_sent");
        entity.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
