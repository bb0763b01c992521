using Contrevue.Infrastructure.Mail;

namespace Contrevue.Tests.Infrastructure.Mail;

public sealed class MailTemplatesTests
{
    [Fact]
    public void Values_are_encoded_in_the_html_part_and_kept_as_is_in_the_text_part()
    {
        var content = MailTemplates.Compose("Objet", "Titre <b>", ["Proposé par <script>alert(1)</script> & « Élise »"]);

        Assert.Contains("Proposé par &lt;script&gt;alert(1)&lt;/script&gt; &amp; « Élise »", content.HtmlBody);
        Assert.DoesNotContain("<script>", content.HtmlBody);
        Assert.Contains("Titre &lt;b&gt;", content.HtmlBody);
        Assert.Contains("Proposé par <script>alert(1)</script> & « Élise »", content.TextBody);
        Assert.Contains("\n-- \nContrevue", content.TextBody);
    }

    [Fact]
    public void The_configuration_test_is_dated_in_french()
    {
        var content = MailTemplates.ConfigurationTest(new DateTimeOffset(2026, 3, 5, 14, 7, 0, TimeSpan.Zero), "smtp.exemple.fr");

        Assert.Contains("le 5 mars 2026 à 14:07 (UTC)", content.TextBody);
        Assert.Contains("smtp.exemple.fr", content.HtmlBody);
    }

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_six_hours()
    {
        var settings = new MailSettings { RetrySeconds = 60 };

        Assert.Equal(TimeSpan.FromMinutes(1), settings.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(2), settings.RetryDelay(2));
        Assert.Equal(TimeSpan.FromMinutes(8), settings.RetryDelay(4));
        Assert.Equal(TimeSpan.FromHours(6), settings.RetryDelay(30));
    }
}
