using Aims.Application.Http;
using Aims.Core.Identity;

namespace Aims.Application.Reports;

/// <summary>The report (concerns, incidents, nonconformities) endpoints, declared once; both hosts serve exactly these.</summary>
public static class ReportEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListReports = "reports";
        public const string UpdateReport = "reports/{id}";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListReportsHandler>(nameof(Routes.ListReports), Routes.ListReports, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read reports"))
            .Describe("Every report; anonymous reporters hidden."),
        Declare.Put<UpdateReportHandler, ReportUpdate>(nameof(Routes.UpdateReport), Routes.UpdateReport, EndpointAccess.Require([AimsRole.AimsManager], "handle reports"))
            .Describe("Handles a report: owner, severity, root cause, corrective action, effectiveness, status (If-Match optional)."),
    ];
}
