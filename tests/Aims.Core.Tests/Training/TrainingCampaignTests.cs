using Aims.Core.Training;

namespace Aims.Core.Tests.Training;

public sealed class TrainingCampaignTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static CampaignRequest Valid() => new(
        "AI literacy", "What AI is.", "https://learn.example/c", "E-learning", "2026.1", new string('a', 64), "I completed it.",
        ["g-staff"], ["oid-9"], Today.AddDays(30), [14, 3], 7);

    private static TrainingCampaign Campaign(CampaignState state = CampaignState.Draft) => new(
        "c", "t", "d", "https://x", new TrainingMaterial("m", "v1", null), "I completed it.", ["g"], [], Today, [7], 3, state, [], DateTimeOffset.UnixEpoch, "a");

    [Fact]
    public void A_valid_request_has_no_errors()
    {
        Assert.Empty(CampaignValidator.Validate(Valid(), Today));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("courseUrl")]
    [InlineData("materialVersion")]
    [InlineData("materialSha256")]
    [InlineData("statement")]
    [InlineData("audienceGroupIds")]
    [InlineData("dueDate")]
    [InlineData("reminderDaysBeforeDue")]
    [InlineData("escalationDaysAfterDue")]
    public void Each_bad_field_is_named(string field)
    {
        var request = field switch
        {
            "title" => Valid() with { Title = new string('x', CampaignValidator.MaxTitle + 1) },
            "courseUrl" => Valid() with { CourseUrl = "javascript:alert(1)" },
            "materialVersion" => Valid() with { MaterialVersion = "1|2" },
            "materialSha256" => Valid() with { MaterialSha256 = "abc" },
            "statement" => Valid() with { Statement = " " },
            "audienceGroupIds" => Valid() with { AudienceGroupIds = [""] },
            "dueDate" => Valid() with { DueDate = Today.AddDays(-1) },
            "reminderDaysBeforeDue" => Valid() with { ReminderDaysBeforeDue = [-1] },
            _ => Valid() with { EscalationDaysAfterDue = 400 },
        };

        var errors = CampaignValidator.Validate(request, Today);

        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Launch_only_from_draft_and_republish_only_a_new_version_of_a_launched_campaign()
    {
        var launched = Campaign().Launch(DateTimeOffset.UnixEpoch, "a");
        var v2 = launched.Republish(new TrainingMaterial("m", "v2", new string('b', 64)));

        Assert.Equal(CampaignState.Launched, launched.State);
        Assert.Throws<InvalidOperationException>(() => launched.Launch(DateTimeOffset.UnixEpoch, "a"));
        Assert.Throws<InvalidOperationException>(() => Campaign().Republish(new TrainingMaterial("m", "v2", null)));
        Assert.Equal("v2", v2.Material.Version);
        Assert.Equal("v1", Assert.Single(v2.MaterialHistory).Version);
        Assert.Throws<InvalidOperationException>(() => v2.Republish(new TrainingMaterial("m", "v1", null)));
    }

    [Fact]
    public void Late_means_after_the_end_of_the_due_day_in_utc_and_the_statement_hash_is_stable()
    {
        var campaign = Campaign();

        Assert.False(campaign.IsLate(new DateTimeOffset(2026, 3, 2, 23, 59, 59, TimeSpan.Zero)));
        Assert.True(campaign.IsLate(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2c34e090764a2115360ab0240a9e7117cccb7113fedcf086c31afc308fee7c1e", campaign.StatementSha256);   // sha256sum of the statement's UTF-8 bytes
        Assert.Equal(64, campaign.StatementSha256.Length);
    }
}
