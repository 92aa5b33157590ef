using Aims.Application.Demo;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;

namespace Aims.Application.Risks;

/// <summary>
/// Demo risks in every approval state, with real decision histories, so a newcomer can approve one within a minute:
/// R-1 waits for Alex (the Playground's current user), R-3 waits for top management (Adele).
/// </summary>
public sealed class RiskDemoSeed(IRiskRegister risks, RiskService service, TimeProvider time) : IDemoSeed
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private const string Adele = "00000000-0000-0000-0000-0000000000022";
    private const string Patti = "00000000-0000-0000-0000-0000000000024";

    private static readonly RiskActor AlexActor = new(Alex, "Alex Wilber", new HashSet<AimsRole> { AimsRole.AimsManager, AimsRole.RiskOwner, AimsRole.Staff });
    private static readonly RiskActor MeganActor = new(Megan, "Megan Bowen", new HashSet<AimsRole> { AimsRole.RiskOwner, AimsRole.Staff });
    private static readonly RiskActor PattiActor = new(Patti, "Patti Fernandez", new HashSet<AimsRole> { AimsRole.RiskOwner, AimsRole.Staff });
    private static readonly RiskActor AdeleActor = new(Adele, "Adele Vance", new HashSet<AimsRole> { AimsRole.TopManagement, AimsRole.Staff });

    public string Name => "risks";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var m = service.Matrix;
        var added = 0;
        foreach (var risk in Risks(now, today, m))
        {
            if (await risks.GetAsync(risk.Id, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await risks.CreateAsync(risk, cancellationToken);
                added++;
            }
            catch (ConcurrencyConflictException)
            {
                // Another instance seeded it at the same moment.
            }
        }

        return added;
    }

    private static IEnumerable<Risk> Risks(DateTimeOffset now, DateOnly today, RiskMatrix m)
    {
        Risk Base(string id, string system, string title, string description, RiskCategory category, RiskSource source, int l, int i, TreatmentOption treatment, string plan, int rl, int ri, string owner, string[] controls, int reviewInDays) => new()
        {
            Id = id, AiSystemId = system, Title = title, Description = description, Category = category, Source = source,
            Likelihood = l, Impact = i, Treatment = treatment, TreatmentPlan = plan, ResidualLikelihood = rl, ResidualImpact = ri,
            OwnerObjectId = owner, Controls = controls, NextReviewDate = today.AddDays(reviewInDays), CreatedAt = now.AddDays(-30), UpdatedAt = now.AddDays(-30),
            Actions = treatment == TreatmentOption.Accept ? [] : [new TreatmentAction("Carry out the treatment plan and report back", owner, today.AddDays(30))],
        };

        var r1 = Base("R-1", "demo-credit-scoring", "Credit scores disadvantage thin-file applicants",
            "Applicants with short credit histories (often young people and recent immigrants) receive systematically lower scores.",
            RiskCategory.AlgorithmicBias, RiskSource.Data, 4, 4, TreatmentOption.Mitigate,
            "Reweigh training data; add a fairness gate (demographic parity gap <= 0.05) to the release pipeline; monthly fairness report.", 2, 3, Alex, ["A.7.4", "A.5.4", "A.6.2.4"], 180);
        yield return RiskWorkflow.Submit(r1, MeganActor, "seed-r1-submit", now.AddDays(-2), m);

        var r2 = Base("R-2", "demo-credit-scoring", "Score drift after the interest-rate change",
            "Applicant behaviour shifted after the rate change; the model was trained on earlier data.", RiskCategory.ModelDrift, RiskSource.Model, 3, 4,
            TreatmentOption.Mitigate, "Weekly population stability index; retrain when PSI > 0.2.", 2, 2, Megan, ["A.6.2.6"], 90);
        yield return RiskWorkflow.Decide(RiskWorkflow.Submit(r2, AlexActor, "seed-r2-submit", now.AddDays(-20), m), MeganActor, DecisionOutcome.Approved, null, "seed-r2-approve", now.AddDays(-19), m);

        var r3 = Base("R-3", "demo-support-chatbot", "Chatbot gives confident but wrong answers",
            "The assistant sometimes invents order or refund details instead of handing over to an agent.", RiskCategory.UnintendedBehaviour, RiskSource.Model, 4, 4,
            TreatmentOption.Accept, string.Empty, 4, 3, Patti, ["A.6.2.6", "A.8.2"], 90);
        yield return RiskWorkflow.Decide(RiskWorkflow.Submit(r3, AlexActor, "seed-r3-submit", now.AddDays(-4), m), PattiActor, DecisionOutcome.Approved, null, "seed-r3-owner", now.AddDays(-3), m);

        yield return Base("R-5", "demo-credit-scoring", "Bureau data kept longer than needed",
            "Credit bureau extracts are kept in the feature store beyond the retention period.", RiskCategory.Privacy, RiskSource.Data, 3, 3,
            TreatmentOption.Mitigate, "Apply the 12-month retention policy to the feature store.", 1, 3, Megan, ["A.7.3"], 120);

        var r7 = Base("R-7", "demo-support-chatbot", "Prompt injection through pasted customer text",
            "Customers can paste instructions that make the assistant ignore its rules.", RiskCategory.AdversarialAttack, RiskSource.Use, 4, 3,
            TreatmentOption.Transfer, "Rely on the provider's content filters.", 3, 3, Patti, ["A.10.3"], 60);
        yield return RiskWorkflow.Decide(RiskWorkflow.Submit(r7, AlexActor, "seed-r7-submit", now.AddDays(-10), m), PattiActor, DecisionOutcome.Rejected,
            "Transfer alone is not enough: add our own input screening and test it.", "seed-r7-reject", now.AddDays(-9), m);

        var r9 = Base("R-9", "demo-cv-screening", "Ranking reproduces past hiring bias",
            "Historic hiring decisions used for training favoured some universities.", RiskCategory.AlgorithmicBias, RiskSource.Data, 4, 5,
            TreatmentOption.Mitigate, "Remove school names from features; adverse impact test before each release.", 2, 4, Megan, ["A.5.4", "A.7.4"], 60);
        yield return RiskWorkflow.Decide(RiskWorkflow.Submit(r9, AlexActor, "seed-r9-submit", now.AddDays(-6), m), MeganActor, DecisionOutcome.ChangesRequested,
            "Residual impact looks optimistic: show the adverse impact test results first.", "seed-r9-changes", now.AddDays(-5), m);

        var r11 = Base("R-11", "demo-document-summariser", "Summaries miss unusual liability clauses",
            "Rare clause types are summarised too briefly.", RiskCategory.UnintendedBehaviour, RiskSource.Model, 2, 3,
            TreatmentOption.Accept, string.Empty, 1, 3, Alex, ["A.9.2"], 200);
        yield return RiskWorkflow.Decide(RiskWorkflow.Submit(r11, MeganActor, "seed-r11-submit", now.AddDays(-40), m), AlexActor, DecisionOutcome.Approved, null, "seed-r11-accept", now.AddDays(-39), m);

        var r4 = Base("R-4", "demo-fraud-rules", "Rules flag legitimate payments abroad", "Travellers' card payments were blocked too often.",
            RiskCategory.UnintendedBehaviour, RiskSource.Deployment, 3, 2, TreatmentOption.Accept, string.Empty, 2, 2, Megan, ["A.9.4"], -1);
        var accepted = RiskWorkflow.Decide(RiskWorkflow.Submit(r4 with { NextReviewDate = today.AddDays(-1) }, AlexActor, "seed-r4-submit", now.AddDays(-400), m),
            MeganActor, DecisionOutcome.Approved, null, "seed-r4-accept", now.AddDays(-399), m);
        yield return RiskWorkflow.Expire(accepted, now, m);
    }
}
