using System.Text;
using Aims.Application.Demo;
using Aims.Application.Documents;
using Aims.Core.Documents;
using Aims.Core.Identity;
using Aims.Core.Lifecycle;
using Aims.Core.Register;

namespace Aims.Application.Lifecycle;

/// <summary>
/// The demo organisation's life cycle records, made through the real workflow: life cycle documents written by Megan and
/// approved by Alex, attached to the systems they describe; the CV screening assistant moved from design to development
/// through a gate Megan requested and Patti approved. The credit scoring model waits in verification with its report and
/// deployment plan attached, so its deployment gate shows what is still missing. Seeds only an empty gate register.
/// </summary>
public sealed class LifecycleDemoSeed(LifecycleService lifecycle, DocumentService documents) : IDemoSeed
{
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");
    private static readonly Actor Megan = new("00000000-0000-0000-0000-0000000000021", "Megan Bowen");
    private static readonly Actor Patti = new("00000000-0000-0000-0000-0000000000024", "Patti Fernandez");

    public string Name => "lifecycle";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in lifecycle.Requests.ListAsync(cancellationToken))
        {
            return 0;
        }

        var report = await ApprovedDocumentAsync("Credit scoring model: verification and validation report", "# Validation report\n\nHold-out AUC 0.81; fairness gap across age bands within 2 points; drift tests passed.\n", cancellationToken);
        var plan = await ApprovedDocumentAsync("Credit scoring model: deployment plan", "# Deployment plan\n\nShadow mode for four weeks, then analyst-confirmed decisions; rollback to the previous scorecard within one hour.\n", cancellationToken);
        var requirements = await ApprovedDocumentAsync("CV screening assistant: requirements", "# Requirements\n\nRank applications against the role profile; show reasons; never reject on its own; no protected attributes as features.\n", cancellationToken);
        await lifecycle.SetArtefactAsync("demo-credit-scoring", LifecycleArtefactPurpose.VerificationReport, report, Alex, cancellationToken);
        await lifecycle.SetArtefactAsync("demo-credit-scoring", LifecycleArtefactPurpose.DeploymentPlan, plan, Alex, cancellationToken);
        await lifecycle.SetArtefactAsync("demo-cv-screening", LifecycleArtefactPurpose.Requirements, requirements, Alex, cancellationToken);

        var gate = await lifecycle.RequestAsync("demo-cv-screening", LifecycleStage.Development, "Design review passed; start building the ranking model.", Megan, cancellationToken);
        await lifecycle.DecideAsync(gate.Value.Id, approve: true, "Requirements approved; development may start.", Patti, "demo-gate-cv-development", cancellationToken);
        return 7;
    }

    private async Task<string> ApprovedDocumentAsync(string title, string text, CancellationToken cancellationToken)
    {
        var doc = (await documents.SaveAsync(null, new DocumentRequest(title, DocumentType.Record, Megan.ObjectId, 12, null, []), null, Alex, cancellationToken)).Value;
        await documents.AddVersionAsync(doc.Id, "1.0", "First issue", title.Replace(' ', '-').Replace(':', '-') + ".md", "text/markdown", Encoding.UTF8.GetBytes(text), Megan, cancellationToken);
        await documents.SubmitAsync(doc.Id, "1.0", Megan, "demo-submit-" + doc.Id, cancellationToken);
        await documents.DecideAsync(doc.Id, Alex, DocumentDecisionOutcome.Approved, null, "demo-approve-" + doc.Id, cancellationToken);
        return doc.Id;
    }
}
