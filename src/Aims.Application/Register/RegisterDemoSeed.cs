using Aims.Application.Demo;
using Aims.Core.Catalog;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Soa;

namespace Aims.Application.Register;

/// <summary>
/// The demo organisation's register: six AI systems across the life cycle (design, development, verification, operation, retired), each with a gate approver (owners from demo-directory.json) and a
/// filled-in Statement of Applicability with gaps left on purpose. Idempotent: fixed ids, only missing items are added.
/// </summary>
public sealed class RegisterDemoSeed(IAiSystemRegistry registry, RegisterService register, ISoaStore soa, TimeProvider time) : IDemoSeed
{
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Megan = "00000000-0000-0000-0000-0000000000021";
    private const string Patti = "00000000-0000-0000-0000-0000000000024";
    private const string Diego = "00000000-0000-0000-0000-0000000000026";

    public string Name => "register";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        foreach (var (id, details, retire) in Systems(today))
        {
            if (await registry.GetAsync(id, cancellationToken) is null)
            {
                await register.CreateAsync(details, Actor.System, id, cancellationToken);
                added++;
            }

            if (retire)
            {
                await register.RetireAsync(id, null, Actor.System, cancellationToken);
            }
        }

        foreach (var entry in SoaEntries(today, time.GetUtcNow()))
        {
            if (await soa.AddIfMissingAsync(entry, cancellationToken))
            {
                added++;
            }
        }

        return added;
    }

    internal static IEnumerable<(string Id, AiSystemDetails Details, bool Retire)> Systems(DateOnly today)
    {
        yield return ("demo-support-chatbot", new AiSystemDetails(
            "Customer support chatbot", "Answers customer questions about orders and accounts in the web chat, and hands over to an agent.",
            "First-line answers on order status, returns and account questions; no financial decisions.", Patti, "Customer Operations",
            LifecycleStage.OperationAndMonitoring, AiSystemRole.Deployer, "Large language model (retrieval-augmented)", "Azure OpenAI Service",
            [new("Support knowledge base", DataClassification.Internal), new("Customer tickets", DataClassification.Personal)],
            ["Customers", "Support agents"], "Agents review escalations daily; customers can ask for a person at any time.",
            AutonomyLevel.HumanOnTheLoop, EuAiActRiskClass.Limited, ImpactAssessmentStatus.Completed, today.AddDays(-120),
            today.AddDays(-90), today.AddDays(90), ["R-3", "R-7"]) { GateApproverObjectId = Alex }, false);
        yield return ("demo-credit-scoring", new AiSystemDetails(
            "Credit scoring model", "Scores the credit risk of small business loan applications.",
            "Decision support for credit analysts; every rejection is reviewed by an analyst.", Megan, "Data Science",
            LifecycleStage.VerificationAndValidation, AiSystemRole.Developer, "Gradient-boosted trees", null,
            [new("Loan applications", DataClassification.Personal), new("Credit bureau data", DataClassification.Confidential)],
            ["Loan applicants", "Credit analysts"], "An analyst confirms every decision; monthly fairness and drift review.",
            AutonomyLevel.HumanInTheLoop, EuAiActRiskClass.High, ImpactAssessmentStatus.Completed, today.AddDays(-200),
            today.AddDays(-200), today.AddDays(-20), ["R-1", "R-2", "R-5"]) { GateApproverObjectId = Alex }, false);
        yield return ("demo-cv-screening", new AiSystemDetails(
            "CV screening assistant", "Ranks job applications against the role profile to help recruiters shortlist.",
            "Shortlisting support only; recruiters read every application they reject.", Megan, "Data Science",
            LifecycleStage.Design, AiSystemRole.Developer, "Fine-tuned language model (classification)", null,
            [new("Applications and CVs", DataClassification.SensitivePersonal), new("Role profiles", DataClassification.Internal)],
            ["Job applicants", "Recruiters"], "Recruiters decide; the ranking is advisory and its reasons are shown.",
            AutonomyLevel.DecisionSupport, EuAiActRiskClass.High, ImpactAssessmentStatus.InProgress, null,
            null, today.AddDays(30), ["R-9"]) { GateApproverObjectId = Patti }, false);
        yield return ("demo-demand-forecast", new AiSystemDetails(
            "Demand forecasting model", "Forecasts weekly product demand per warehouse for replenishment planning.",
            null, Diego, "Data Science", LifecycleStage.OperationAndMonitoring, AiSystemRole.Developer, "Time-series ensemble", null,
            [new("Sales history", DataClassification.Internal), new("Public holiday calendar", DataClassification.Public)],
            ["Supply chain planners"], "Planners adjust forecasts before orders are placed.",
            AutonomyLevel.DecisionSupport, EuAiActRiskClass.Minimal, ImpactAssessmentStatus.NotRequired, null,
            today.AddDays(-30), today.AddDays(335), []) { GateApproverObjectId = Alex }, false);
        yield return ("demo-document-summariser", new AiSystemDetails(
            "Contract summariser", "Summarises supplier contracts for the legal team.", "Internal drafting aid; lawyers check every summary.",
            Alex, "Risk & Compliance", LifecycleStage.Development, AiSystemRole.Deployer, "General-purpose language model",
            "Azure OpenAI Service", [new("Supplier contracts", DataClassification.Confidential)], ["Legal team", "Suppliers"],
            "Lawyers review every summary before use.", AutonomyLevel.HumanInTheLoop, EuAiActRiskClass.GeneralPurpose,
            ImpactAssessmentStatus.InProgress, null, null, today.AddDays(14), ["R-11"]) { GateApproverObjectId = Megan }, false);
        yield return ("demo-fraud-rules", new AiSystemDetails(
            "Fraud rules engine", "Flagged suspicious card payments with learned rules (replaced by the payment provider's service).",
            null, Megan, "Data Science", LifecycleStage.OperationAndMonitoring, AiSystemRole.Developer, "Learned rule set", null,
            [new("Card transactions", DataClassification.Personal)], ["Customers", "Fraud analysts"], "Analysts reviewed every flag.",
            AutonomyLevel.HumanInTheLoop, EuAiActRiskClass.Limited, ImpactAssessmentStatus.Completed, today.AddDays(-700),
            today.AddDays(-400), null, ["R-4"]), true);
    }

    internal static IEnumerable<SoaEntry> SoaEntries(DateOnly today, DateTimeOffset now)
    {
        var notApplicable = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["A.10.4"] = "Contoso Analytics provides no AI systems or AI-based services to customers; customer-facing use is covered as a deployer under A.9.",
            ["A.8.3"] = "No external reporting obligation applies beyond incident communication (A.8.4); reviewed with Legal.",
        };
        var status = new Dictionary<string, ImplementationStatus>(StringComparer.Ordinal)
        {
            ["A.2.4"] = ImplementationStatus.Planned,
            ["A.3.3"] = ImplementationStatus.Partially,
            ["A.4.4"] = ImplementationStatus.NotStarted,
            ["A.5.5"] = ImplementationStatus.NotStarted,
            ["A.5.4"] = ImplementationStatus.Partially,
            ["A.6.2.8"] = ImplementationStatus.Planned,
            ["A.7.5"] = ImplementationStatus.Partially,
            ["A.8.5"] = ImplementationStatus.Planned,
            ["A.10.3"] = ImplementationStatus.Partially,
        };
        foreach (var control in Iso42001Catalog.Controls)
        {
            var owner = control.Group switch
            {
                "A.7" => Megan,
                "A.9" => Patti,
                _ => Alex,
            };
            if (notApplicable.TryGetValue(control.Id, out var why))
            {
                yield return new SoaEntry(control.Id, false, why, ImplementationStatus.NotStarted, owner, [], today.AddDays(-60), now, Actor.System.ObjectId);
                continue;
            }

            var s = status.TryGetValue(control.Id, out var st) ? st : ImplementationStatus.Implemented;
            yield return new SoaEntry(control.Id, true, null, s, owner, [], s == ImplementationStatus.NotStarted ? null : today.AddDays(-60), now, Actor.System.ObjectId);
        }
    }
}
