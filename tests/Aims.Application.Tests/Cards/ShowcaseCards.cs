using Aims.Application.Risks;
using Aims.Application.Training;
using Aims.Core.Identity;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Core.Training;
using Aims.Teams.Cards;

namespace Aims.Application.Tests.Cards;

/// <summary>
/// The cards the docs show, with the demo organisation's kind of data (not hostile text): rendered by <see cref="CardRenderTests"/>
/// like every card, and turned into the screenshots in docs/img by tools/card-screenshots.mjs.
/// </summary>
internal static class ShowcaseCards
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, AdaptiveCard> All() => new()
    {
        ["showcase-risk-approval"] = RiskApproval(),
        ["showcase-attestation"] = TrainingAttestationCard.Create(Campaign(), "00000000-0000-0000-0000-0000000000025"),
        ["showcase-campaign-form"] = CampaignFormCard.Create(DateOnly.FromDateTime(At.UtcDateTime)),
        ["showcase-digest"] = Digest(),
    };

    private static AdaptiveCard RiskApproval()
    {
        var m = RiskMatrix.Default;
        var risk = new Risk
        {
            Id = "R-1", AiSystemId = "demo-credit-scoring", Title = "Credit scoring model disadvantages applicants over 60",
            Description = "The model's approval rate for applicants over 60 is 61.8 % of the rate for 30-45 year olds (target >= 80 %).",
            Category = RiskCategory.AlgorithmicBias, Source = RiskSource.Data, Likelihood = 4, Impact = 4, Treatment = TreatmentOption.Mitigate,
            TreatmentPlan = "Reweight the training data by age band and add a fairness gate to the release pipeline.",
            Actions = [new TreatmentAction("Add the age-band fairness gate (bias gap <= 0.05)", "00000000-0000-0000-0000-0000000000020", new DateOnly(2027, 1, 31))],
            Controls = ["A.5.4", "A.7.4"], ResidualLikelihood = 2, ResidualImpact = 3, OwnerObjectId = "00000000-0000-0000-0000-0000000000020",
            NextReviewDate = new DateOnly(2027, 6, 1), CreatedAt = At,
        };
        risk = RiskWorkflow.Submit(risk, new RiskActor("00000000-0000-0000-0000-0000000000021", "Megan Bowen", new HashSet<AimsRole> { AimsRole.AimsManager }), "s", At, m);
        return RiskApprovalCard.Build(risk, m, new RiskCardView(true, null), [], id => id.EndsWith("20", StringComparison.Ordinal) ? "Alex Wilber" : "Megan Bowen", TestWorkspaceLinks.DevHost);
    }

    private static TrainingCampaign Campaign() => new("tc-literacy", "AI literacy 2026 (EU AI Act Art. 4)",
        "What AI systems we use, what they may and may not decide, and how to report a concern.", "https://learn.contoso.example/ai-literacy",
        new TrainingMaterial("AI literacy e-learning", "2026.1", new string('a', 64)),
        "I have completed the AI literacy training and will follow the AI use policy.", ["g-staff"], [], new DateOnly(2026, 12, 31), [7, 1], 7,
        CampaignState.Launched, [], At, "00000000-0000-0000-0000-0000000000020");

    private static AdaptiveCard Digest()
    {
        var grid = new[] { new[] { 1, 0, 0, 0, 0 }, new[] { 0, 2, 1, 0, 0 }, new[] { 0, 1, 0, 1, 0 }, new[] { 0, 0, 1, 0, 0 }, new[] { 0, 0, 0, 0, 0 } }
            .Select(r => (IReadOnlyList<int>)r).ToArray();
        var digest = new ManagementReviewDigest(
            "MR-20261201-090000-a1b2c3", At, "00000000-0000-0000-0000-0000000000020", null, null,
            new PreviousActionStatus(1, 2, 0, 3, [new ActionLine("a1", "Extend the bias gate to the chatbot", "00000000-0000-0000-0000-0000000000021", new DateOnly(2027, 2, 1), false)],
                ["Accept residual risk R-4 until the next model release"]),
            ["Regulator: EU AI Act high-risk obligations apply from 2026-08-02", "Customers: complaint about automated credit decisions"],
            new RiskFigures(7, new LevelCounts(3, 2, 2, 0), new LevelCounts(2, 3, 2, 0), grid, 1, 2, 1, 1, 4),
            new CoverageFigure(41, 70, 58.6),
            new ReportFigures(2, 1, new Dictionary<string, int> { ["High"] = 1, ["Medium"] = 1 }, new Dictionary<string, int> { ["Low"] = 1 }),
            ["Internal audit IA-1: 2 findings (1 minor nonconformity)"],
            [new DepartmentCompletion("Customer operations", 4, 6), new DepartmentCompletion("Engineering", 5, 5)],
            ["Automate the quarterly SoA review"],
            [new Core.Objectives.ObjectiveTrend("OBJ-1", "Bias gap of the credit model", "<= 0.05", Core.Objectives.TrendStatus.OnTarget, 0.04, 0.07, 3, null),
             new Core.Objectives.ObjectiveTrend("OBJ-2", "Chatbot answers rated correct", ">= 95 %", Core.Objectives.TrendStatus.OffTarget, 91.5, 93, 4, "%")]);
        return Aims.Application.Reviews.ManagementReviewDigestCard.Build(digest, RiskMatrix.Default, [],
            [new Choice { Title = "Megan Bowen", Value = "00000000-0000-0000-0000-0000000000021" }], id => id.EndsWith("20", StringComparison.Ordinal) ? "Alex Wilber" : "Megan Bowen",
            TestWorkspaceLinks.DevHost, withActions: true);
    }
}
