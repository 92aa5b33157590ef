using Aims.Application.Demo;
using Aims.Core.Identity;
using Aims.Core.Incidents;
using Aims.Core.Reports;

namespace Aims.Application.Incidents;

/// <summary>The demo organisation's incident communication: Alex tells the credit-scoring model's customers about a scoring outage. Seeds an empty register only.</summary>
public sealed class IncidentCommunicationDemoSeed(IncidentCommunicationService service, IReportStore reports, TimeProvider time) : IDemoSeed
{
    private static readonly Actor Alex = new("00000000-0000-0000-0000-0000000000020", "Alex Wilber");
    private const string System = "demo-credit-scoring";

    public string Name => "incident-communications";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in service.Store.ListAsync(cancellationToken))
        {
            return 0;
        }

        // Linked to the system's incident report when the demo has one.
        string? reportId = null;
        await foreach (var r in reports.ListAllAsync(cancellationToken))
        {
            if (r.Kind == ReportKind.Incident && string.Equals(r.AiSystemId, System, StringComparison.OrdinalIgnoreCase))
            {
                reportId = r.Id;
                break;
            }
        }

        await service.RecordAsync(System, new IncidentCommunicationInput(
            "Credit scores above the decline threshold were produced for two hours after a bureau extract arrived incomplete.", reportId,
            "Affected applicants (14) and the Financial supervisor", time.GetUtcNow().AddDays(-2), "Letter to each applicant; email to the supervisor's AI contact",
            "Your application was scored with incomplete data; it has been re-scored by an analyst and you may ask for a human review of the decision.", "Alex Wilber (AIMS manager)"), Alex, cancellationToken);
        return 1;
    }
}
