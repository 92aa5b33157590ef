using System.Text;
using Aims.Application.Demo;
using Aims.Core.Documents;
using Aims.Core.Identity;

namespace Aims.Application.Documents;

/// <summary>
/// The demo organisation's controlled documents: the AI policy (written by Alex, approved by Adele for top management) and the
/// impact assessment method (written by Megan, approved by Alex). Seeds only an empty register.
/// </summary>
public sealed class DocumentDemoSeed(DocumentService documents) : IDemoSeed
{
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");
    private static readonly Actor Megan = new("00000000-0000-0000-0000-0000000000021", "Megan Bowen");
    private static readonly Actor Adele = new("00000000-0000-0000-0000-0000000000022", "Adele Vance");

    public string Name => "documents";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in documents.Store.ListAsync(cancellationToken))
        {
            return 0;
        }

        await SeedAsync(new DocumentRequest("AI policy", DocumentType.AiPolicy, Alex.ObjectId, 12, null, []), Alex, Adele,
            "# Contoso AI policy\n\nWe develop and use AI lawfully, fairly and transparently; every AI system has an owner, a risk assessment and human oversight.\n", cancellationToken);
        await SeedAsync(new DocumentRequest("AI system impact assessment method", DocumentType.ImpactAssessmentMethod, Megan.ObjectId, 12, null, ["A.5.3", "A.5.4", "A.5.5"]), Megan, Alex,
            "# Impact assessment method\n\nAssess impacts on individuals, groups and society before deployment and after significant change.\n", cancellationToken);
        return 2;
    }

    private async Task SeedAsync(DocumentRequest request, Actor author, Actor approver, string text, CancellationToken cancellationToken)
    {
        var doc = (await documents.SaveAsync(null, request, null, Alex, cancellationToken)).Value;
        await documents.AddVersionAsync(doc.Id, "1.0", "First issue", doc.Title.Replace(' ', '-') + ".md", "text/markdown", Encoding.UTF8.GetBytes(text), author, cancellationToken);
        await documents.SubmitAsync(doc.Id, "1.0", author, "demo-submit-" + doc.Id, cancellationToken);
        await documents.DecideAsync(doc.Id, approver, DocumentDecisionOutcome.Approved, null, "demo-approve-" + doc.Id, cancellationToken);
    }
}
