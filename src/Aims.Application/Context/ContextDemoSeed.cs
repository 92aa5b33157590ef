using Aims.Application.Demo;
using Aims.Core.Context;
using Aims.Core.Identity;

namespace Aims.Application.Context;

/// <summary>The demo organisation's context: three issues, two interested parties and the scope. Seeds only an empty register.</summary>
public sealed class ContextDemoSeed(ContextService context) : IDemoSeed
{
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");

    public string Name => "context";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var current = await context.GetAsync(cancellationToken);
        if (current.Issues.Count > 0 || current.InterestedParties.Count > 0 || current.Scope is not null)
        {
            return 0;
        }

        await context.SaveIssueAsync(null, new IssueRequest("EU AI Act obligations", ContextOrigin.External, IssueCategory.Regulatory,
            "Credit scoring and CV screening are high-risk uses under Annex III.", "Conformity assessment, logging and human oversight for two systems.", true), null, Alex, cancellationToken);
        await context.SaveIssueAsync(null, new IssueRequest("Customers expect explainable decisions", ContextOrigin.External, IssueCategory.Customer,
            "Complaints about unexplained credit decisions rose in the last two quarters.", "Explainability objective and training for analysts.", true), null, Alex, cancellationToken);
        await context.SaveIssueAsync(null, new IssueRequest("Shared ML platform", ContextOrigin.Internal, IssueCategory.Technical,
            "Data Science moves every model to one monitored platform this year.", "Monitoring signals can feed the AI objectives.", true), null, Alex, cancellationToken);
        await context.SavePartyAsync(null, new PartyRequest("Loan applicants", ContextOrigin.External, ["Fair decisions", "An explanation of automated decisions"], ["Fair decisions"], true), null, Alex, cancellationToken);
        await context.SavePartyAsync(null, new PartyRequest("Financial supervisor", ContextOrigin.External, ["Evidence of AI risk management", "Incident reporting"], ["Evidence of AI risk management", "Incident reporting"], true), null, Alex, cancellationToken);
        await context.SaveScopeAsync(new ScopeRequest("The AIMS covers the AI systems Contoso develops or deploys in Data Science, Customer Operations and Risk & Compliance.",
        [
            new ScopeBoundary(ScopeElementKind.OrganisationalUnit, "Data Science", true, "Develops and runs the models."),
            new ScopeBoundary(ScopeElementKind.OrganisationalUnit, "Customer Operations", true, "Deploys the support chatbot."),
            new ScopeBoundary(ScopeElementKind.Location, "Research lab", false, "Experiments only; nothing reaches customers."),
        ]), null, Alex, cancellationToken);
        return 6;
    }
}
