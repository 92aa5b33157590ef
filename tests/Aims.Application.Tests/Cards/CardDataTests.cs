using Aims.Application.Documents;
using Aims.Application.Risks;
using Aims.Application.Tests.Reviews;
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
}
