using Aims.Core.Register;

namespace Aims.Core.Tests.Register;

public sealed class AiSystemValidatorTests
{
    private static readonly DateOnly Today = new(2025, 6, 1);

    public static AiSystemInput Valid() => new()
    {
        Name = "Support chatbot",
        Purpose = "Answers customer questions.",
        OwnerObjectId = "00000000-0000-0000-0000-0000000000024",
        BusinessUnit = "Customer Operations",
        Stage = "OperationAndMonitoring",
        OurRole = "deployer",
        ModelType = "LLM",
        DataSources = [new DataSourceInput("Tickets", "Personal")],
        ImpactedParties = ["Customers"],
        AutonomyLevel = "HumanOnTheLoop",
        RiskClass = "Limited",
        ImpactAssessmentStatus = "Completed",
        ImpactAssessmentDate = "2025-01-10",
        LastReviewDate = "2025-03-01",
        NextReviewDate = "2025-09-01",
        LinkedRiskIds = ["R-1", "R-2"],
    };

    [Fact]
    public void A_valid_input_gives_typed_details()
    {
        var outcome = AiSystemValidator.Validate(Valid(), Today);

        Assert.True(outcome.IsValid, string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        var d = outcome.Value!;
        Assert.Equal(LifecycleStage.OperationAndMonitoring, d.Stage);
        Assert.Equal(AiSystemRole.Deployer, d.OurRole);
        Assert.Equal(new DataSource("Tickets", DataClassification.Personal), Assert.Single(d.DataSources));
        Assert.Equal(new DateOnly(2025, 1, 10), d.ImpactAssessmentDate);
        Assert.Equal(["R-1", "R-2"], d.LinkedRiskIds);
    }

    [Fact]
    public void An_empty_input_reports_every_required_field()
    {
        var outcome = AiSystemValidator.Validate(new AiSystemInput(), Today);

        Assert.False(outcome.IsValid);
        Assert.Equal(
            ["autonomyLevel", "businessUnit", "impactAssessmentStatus", "modelType", "name", "ourRole", "ownerObjectId", "purpose", "riskClass", "stage"],
            outcome.Errors.Keys.Order(StringComparer.Ordinal));
    }

    public static TheoryData<string, Func<AiSystemInput, AiSystemInput>> Invalid => new()
    {
        { "name", i => i with { Name = new string('x', 201) } },
        { "name", i => i with { Name = "two\nlines" } },
        { "purpose", i => i with { Purpose = "  " } },
        { "purpose", i => i with { Purpose = "bell\u0007" } },
        { "intendedUse", i => i with { IntendedUse = new string('x', 2001) } },
        { "ownerObjectId", i => i with { OwnerObjectId = "not an id!" } },
        { "businessUnit", i => i with { BusinessUnit = null } },
        { "stage", i => i with { Stage = "Production" } },
        { "stage", i => i with { Stage = "3" } },
        { "ourRole", i => i with { OurRole = "Owner" } },
        { "modelType", i => i with { ModelType = "" } },
        { "thirdPartyProvider", i => i with { ThirdPartyProvider = new string('p', 201) } },
        { "dataSources[0].name", i => i with { DataSources = [new DataSourceInput(null, "Public")] } },
        { "dataSources[0].name", i => i with { DataSources = [new DataSourceInput("a;b", "Public")] } },
        { "dataSources[1].classification", i => i with { DataSources = [new DataSourceInput("A", "Public"), new DataSourceInput("B", "Secret")] } },
        { "dataSources", i => i with { DataSources = [.. Enumerable.Range(0, 51).Select(n => (DataSourceInput?)new DataSourceInput($"s{n}", "Public"))] } },
        { "impactedParties[1]", i => i with { ImpactedParties = ["Customers", " "] } },
        { "impactedParties[0]", i => i with { ImpactedParties = ["a|b"] } },
        { "impactedParties", i => i with { ImpactedParties = [.. Enumerable.Range(0, 51).Select(n => (string?)$"p{n}")] } },
        { "humanOversight", i => i with { HumanOversight = new string('h', 2001) } },
        { "autonomyLevel", i => i with { AutonomyLevel = "Full" } },
        { "riskClass", i => i with { RiskClass = "Unacceptable" } },
        { "impactAssessmentStatus", i => i with { ImpactAssessmentStatus = "Done" } },
        { "impactAssessmentDate", i => i with { ImpactAssessmentDate = "10/01/2025" } },
        { "impactAssessmentDate", i => i with { ImpactAssessmentDate = null } },
        { "impactAssessmentDate", i => i with { ImpactAssessmentDate = "2025-07-01" } },
        { "lastReviewDate", i => i with { LastReviewDate = "2025-13-01" } },
        { "lastReviewDate", i => i with { LastReviewDate = "2025-06-02", NextReviewDate = "2025-12-01" } },
        { "nextReviewDate", i => i with { NextReviewDate = "2025-03-01" } },
        { "nextReviewDate", i => i with { NextReviewDate = "soon" } },
        { "linkedRiskIds[0]", i => i with { LinkedRiskIds = ["R 1"] } },
        { "linkedRiskIds", i => i with { LinkedRiskIds = ["R-1", "r-1"] } },
        { "linkedRiskIds", i => i with { LinkedRiskIds = [.. Enumerable.Range(0, 101).Select(n => (string?)$"R-{n}")] } },
        { "riskClass", i => i with { RiskClass = "Prohibited", Stage = "Deployment" } },
        { "humanOversight", i => i with { RiskClass = "High", HumanOversight = null } },
        { "impactAssessmentStatus", i => i with { RiskClass = "High", HumanOversight = "Analyst confirms", ImpactAssessmentStatus = "NotStarted", ImpactAssessmentDate = null } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_rule_is_reported_against_its_field(string field, Func<AiSystemInput, AiSystemInput> change)
    {
        var outcome = AiSystemValidator.Validate(change(Valid()), Today);

        Assert.False(outcome.IsValid);
        Assert.Null(outcome.Value);
        Assert.Equal([field], outcome.Errors.Keys);
        Assert.All(outcome.Errors[field], m => Assert.False(string.IsNullOrWhiteSpace(m)));
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        var outcome = AiSystemValidator.Validate(Valid() with { Name = null, Stage = "x", NextReviewDate = "2024-01-01" }, Today);

        Assert.Equal(["name", "nextReviewDate", "stage"], outcome.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Details_round_trip_through_input()
    {
        var details = AiSystemValidator.Validate(Valid(), Today).Value!;

        var again = AiSystemValidator.Validate(AiSystemInput.From(details), Today).Value!;

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(details, RegisterJson.Options), System.Text.Json.JsonSerializer.Serialize(again, RegisterJson.Options));
    }

    [Fact]
    public void Retiring_sets_flag_date_and_stage_once()
    {
        var at = new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero);
        var system = new AiSystem("ais-1", AiSystemValidator.Validate(Valid(), Today).Value!, false, null, at, "a", at, "a");

        var retired = system.Retire(at.AddDays(1), "b");

        Assert.True(retired.Retired);
        Assert.Equal(at.AddDays(1), retired.RetiredAt);
        Assert.Equal(LifecycleStage.Retirement, retired.Details.Stage);
        Assert.Same(retired, retired.Retire(at.AddDays(2), "c"));
    }
}
