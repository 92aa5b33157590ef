using Aims.Application.Documents;
using Aims.Application.Objectives;
using Aims.Application.Reports;
using Aims.Application.Reviews;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
using Aims.Application.Tests.Work;
using Aims.Application.Training;
using Aims.Core.Evidence;
using Aims.Core.Reports;
using Aims.Teams.Conversations;
using Aims.Testing;

namespace Aims.Application.Tests.Cards;

/// <summary>Card action data bound to a typed record per verb: a missing or malformed field is answered naming it by its label.</summary>
public sealed class CardDataTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void A_verbs_record_reads_its_fields_and_names_a_missing_or_malformed_one_by_its_label()
    {
        var bound = RiskDecisionData.Bind(new CardDataReader(new Dictionary<string, string?> { ["riskId"] = "R-7", ["revision"] = "3", [RiskApprovalCard.RejectComment] = "Too vague" }));
        Assert.Equal(new RiskDecisionData("R-7", 3, "Too vague", null, null), bound);

        var missing = Assert.Throws<CardFieldException>(() => RiskDecisionData.Bind(new CardDataReader(new Dictionary<string, string?> { ["revision"] = "3" })));
        Assert.Equal("riskId", missing.Field);
        Assert.Contains("risk id", missing.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("riskId", missing.Message, StringComparison.Ordinal);

        var malformed = Assert.Throws<CardFieldException>(() => RiskDecisionData.Bind(new CardDataReader(new Dictionary<string, string?> { ["riskId"] = "R-7", ["revision"] = "three" })));
        Assert.Equal("revision", malformed.Field);
        Assert.Contains("card revision is not a whole number", malformed.Message, StringComparison.Ordinal);

        var document = Assert.Throws<CardFieldException>(() => DocumentDecisionData.Bind(new CardDataReader(new Dictionary<string, string?> { ["version"] = "1.0" })));
        Assert.Contains("document id", document.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_press_with_a_missing_or_malformed_field_gets_an_error_card_naming_the_field_and_changes_nothing()
    {
        using var host = new ReviewHost(azurite.ConnectionString, DateTimeOffset.UtcNow);

        var noRisk = await host.PressAsync(ReviewHost.Alex, RiskApprovalCard.VerbApprove, new Dictionary<string, string?> { ["revision"] = "1" });
        var badRevision = await host.PressAsync(ReviewHost.Alex, RiskApprovalCard.VerbReject, new Dictionary<string, string?> { ["riskId"] = "R-404", ["revision"] = "x1" });
        var noDocument = await host.PressAsync(ReviewHost.Adele, DocumentApprovalCard.VerbApprove, new Dictionary<string, string?> { ["version"] = "1.0" });

        Assert.Contains("Could not do that", noRisk, StringComparison.Ordinal);
        Assert.Contains("did not send its risk id", noRisk, StringComparison.Ordinal);
        Assert.Contains("card revision is not a whole number", badRevision, StringComparison.Ordinal);
        Assert.Contains("did not send its document id", noDocument, StringComparison.Ordinal);
        Assert.Empty(host.Connector.Sent);
    }

    /// <summary>
    /// Every card verb with data: a press missing a field, or with one the card could not have sent (fields as <c>id=value</c>
    /// separated by <c>|</c>), and the words that name it by its label.
    /// </summary>
    public static TheoryData<string, string, string, string> BadPresses => new()
    {
        { ReviewHost.Megan, ReviewTaskCard.VerbNoChange, "", "did not send its review task id" },
        { ReviewHost.Megan, ReviewTaskCard.VerbChanges, $"{ReviewTaskCard.ChangesComment}=Re-rate R-2", "did not send its review task id" },
        { ReviewHost.Megan, BreachCard.VerbAcknowledge, $"kind={BreachCard.KindAlert}", "did not send its breach id" },
        { ReviewHost.Megan, BreachCard.VerbAcknowledge, "kind=storm|id=OBJ-404", "breach kind is not one of its choices" },
        { ReviewHost.Megan, ObjectiveMeasurementCard.VerbMeasure, $"{ObjectiveMeasurementCard.ValueInput}=0.1", "did not send its objective id" },
        { ReviewHost.Megan, ObjectiveMeasurementCard.VerbMeasure, $"objectiveId=OBJ-404|{ObjectiveMeasurementCard.ValueInput}=lots", "Value must be a number" },
        { ReviewHost.Adele, ManagementReviewDigestCard.VerbAcknowledge, "", "did not send its digest id" },
        { ReviewHost.Adele, ManagementReviewDigestCard.VerbDecide, $"{ManagementReviewDigestCard.DecisionText}=Pause it", "did not send its digest id" },
        {
            ReviewHost.Adele, ManagementReviewDigestCard.VerbAssign,
            $"digestId=MR-404|{ManagementReviewDigestCard.ActionText}=Audit|{ManagementReviewDigestCard.ActionOwner}={ReviewHost.Alex}|{ManagementReviewDigestCard.ActionDue}=next week",
            "Due date is not a date"
        },
        { ReviewHost.Isaiah, InternalAuditCard.VerbComplete, "", "did not send its audit id" },
        { ReviewHost.Isaiah, InternalAuditCard.VerbFinding, "auditId=IA-404|type=Fatal|reference=6.1.2|text=x", "Type is not one of its choices" },
        { ReviewHost.Lynne, ReportFormCard.VerbSubmit, "title=Odd answers|description=It made things up.|kind=Rumour", "Kind is not one of its choices" },
        { ReviewHost.Lynne, ReportFormCard.VerbSubmit, "title=Odd answers|description=It made things up.|anonymous=maybe", "Report anonymously is not true or false" },
        { ReviewHost.Megan, TrainingAttestationCard.Verb, $"campaignId=tc-404|recipient={ReviewHost.Megan}|{TrainingAttestationCard.ConfirmInput}=true", "did not send its material version" },
        { ReviewHost.Megan, TrainingAttestationCard.Verb, $"campaignId=tc-404|version=v1|recipient={ReviewHost.Megan}|{TrainingAttestationCard.ConfirmInput}=yes", "Confirmation is not true or false" },
        { ReviewHost.Alex, CampaignFormCard.VerbCreate, "title=AI basics", "did not send its form id" },
        { ReviewHost.Alex, CampaignFormCard.VerbCreate, $"{CampaignFormCard.FormIdKey}=../../etc|title=AI basics", "form id is not one of ours" },
        { ReviewHost.Alex, CampaignFormCard.VerbLaunch, "", "did not send its campaign id" },
        { ReviewHost.Patti, Aims.Application.Lifecycle.GateApprovalCard.VerbApprove, "", "did not send its gate request" },
        { ReviewHost.Alex, Aims.Application.Risks.ImpactAssessmentCard.VerbApprove, "", "did not send its impact assessment" },
    };

    [Theory]
    [MemberData(nameof(BadPresses))]
    public async Task Every_verb_answers_a_missing_or_malformed_field_with_an_error_card_naming_it_and_stores_nothing(string actor, string verb, string fields, string naming)
    {
        var data = fields.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => (string?)f[1], StringComparer.Ordinal);
        using var host = new ReviewHost(azurite.ConnectionString, DateTimeOffset.UtcNow);
        var evidenceBefore = (await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { PageSize = 100 })).Items.Count;

        var answer = await host.PressAsync(actor, verb, data);

        Assert.Contains("Could not do that", answer, StringComparison.Ordinal);
        Assert.Contains(naming, answer, StringComparison.Ordinal);
        Assert.Empty(host.Connector.Sent);
        Assert.Empty(host.Connector.Updated);
        Assert.Equal(evidenceBefore, (await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { PageSize = 100 })).Items.Count);
        Assert.Empty(await host.Get<IReportStore>().ListAllAsync().ToListAsync());
        Assert.Equal(0, await QueueDrain.AnnouncementsAsync(host.Services));
    }

    [Fact]
    public async Task A_refused_report_keeps_the_form_with_everything_typed_and_the_reason_on_top()
    {
        using var host = new ReviewHost(azurite.ConnectionString, DateTimeOffset.UtcNow);

        var answer = await host.PressAsync(ReviewHost.Lynne, ReportFormCard.VerbSubmit,
            new Dictionary<string, string?> { ["title"] = "", ["description"] = "It made up a refund policy.", ["kind"] = "Incident", ["anonymous"] = "true" });

        Assert.Contains("Nothing was sent.", answer, StringComparison.Ordinal);
        Assert.Contains($"\"verb\":\"{ReportFormCard.VerbSubmit}\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"It made up a refund policy.\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"Incident\"", answer, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"anonymous\"", answer, StringComparison.Ordinal);
        Assert.Matches("\"value\":\"true\"[^{}]*\"id\":\"anonymous\"|\"id\":\"anonymous\"[^{}]*\"value\":\"true\"", answer);
        Assert.Empty(await host.Get<IReportStore>().ListAllAsync().ToListAsync());
    }

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData(" -3 ", -3.0)]
    [InlineData("1e2", 100.0)]
    public void Numbers_dates_toggles_and_choices_are_read_and_refused_by_their_label(string number, double expected)
    {
        var reader = new CardDataReader(new Dictionary<string, string?>
        {
            ["value"] = number, ["due"] = "2026-12-31", ["flag"] = "True", ["kind"] = "incident",
            ["badValue"] = "NaN", ["badDue"] = "31/12/2026", ["badFlag"] = "on", ["badKind"] = "rumour",
        });

        Assert.Equal(expected, reader.RequiredNumber("value", "Value"));
        Assert.Equal(new DateOnly(2026, 12, 31), reader.OptionalDate("due", "Due date"));
        Assert.Null(reader.OptionalDate("missing", "Due date"));
        Assert.True(reader.OptionalBool("flag", "Hide my name"));
        Assert.False(reader.OptionalBool("missing", "Hide my name"));
        Assert.Equal("Incident", reader.OptionalChoice("kind", "Kind", Enum.GetNames<ReportKind>()));
        Assert.Equal("badValue", Assert.Throws<CardFieldException>(() => reader.RequiredNumber("badValue", "Value")).Field);
        Assert.Contains("Value", Assert.Throws<CardFieldException>(() => reader.RequiredNumber("missing", "Value")).Message, StringComparison.Ordinal);
        Assert.Contains("Due date is not a date", Assert.Throws<CardFieldException>(() => reader.OptionalDate("badDue", "Due date")).Message, StringComparison.Ordinal);
        Assert.Contains("Hide my name is not true or false", Assert.Throws<CardFieldException>(() => reader.OptionalBool("badFlag", "Hide my name")).Message, StringComparison.Ordinal);
        Assert.Contains("Kind is not one of its choices", Assert.Throws<CardFieldException>(() => reader.OptionalChoice("badKind", "Kind", Enum.GetNames<ReportKind>())).Message, StringComparison.Ordinal);
    }
}
