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
        public const string RecordCorrection = "reports/{id}/correction";
        public const string RecordCorrectiveAction = "reports/{id}/corrective-action";
        public const string CompleteCorrectiveAction = "reports/{id}/corrective-action/complete";
        public const string RecordSimilarCheck = "reports/{id}/similar-check";
        public const string ReviewCorrectiveEffectiveness = "reports/{id}/effectiveness-review";
        public const string RevealReporter = "reports/{id}/reporter/reveal";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListReportsHandler>(nameof(Routes.ListReports), Routes.ListReports, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read reports"))
            .Describe("Every report; anonymous reporters hidden."),
        Declare.Put<UpdateReportHandler, ReportUpdate>(nameof(Routes.UpdateReport), Routes.UpdateReport, EndpointAccess.Require([AimsRole.AimsManager], "handle reports"))
            .Describe("Handles a report: owner, severity, root cause, corrective action, effectiveness, status (If-Match optional)."),
        Declare.Post<RecordCorrectionHandler, CorrectionInput>(nameof(Routes.RecordCorrection), Routes.RecordCorrection, EndpointAccess.Require([AimsRole.AimsManager], "handle nonconformities"))
            .Describe("Records the correction of a nonconformity (10.2 a)."),
        Declare.Post<RecordCorrectiveActionHandler, CorrectiveActionInput>(nameof(Routes.RecordCorrectiveAction), Routes.RecordCorrectiveAction, EndpointAccess.Require([AimsRole.AimsManager], "handle nonconformities"))
            .Describe("Records the root cause and the corrective action with its owner and due date (10.2 b, c); reminded and escalated when overdue."),
        // Signed in only: the action's owner need hold no AIMS role; the service allows that owner or an AIMS manager.
        Declare.Post<CompleteCorrectiveActionHandler, CorrectiveActionCompletionInput>(nameof(Routes.CompleteCorrectiveAction), Routes.CompleteCorrectiveAction, EndpointAccess.SignedIn)
            .Describe("Marks the corrective action done (its owner or an AIMS manager)."),
        Declare.Post<RecordSimilarCheckHandler, SimilarCheckInput>(nameof(Routes.RecordSimilarCheck), Routes.RecordSimilarCheck, EndpointAccess.Require([AimsRole.AimsManager], "handle nonconformities"))
            .Describe("Records the check for similar nonconformities: the other reports reviewed and the conclusion (10.2 b)."),
        Declare.Post<ReviewEffectivenessHandler, EffectivenessReviewInput>(nameof(Routes.ReviewCorrectiveEffectiveness), Routes.ReviewCorrectiveEffectiveness, EndpointAccess.Require(ReportService.EffectivenessReviewers, "review corrective actions"))
            .Describe("Reviews the corrective action's effectiveness (10.2 d), never by who recorded it; effective closes the report."),
        // Signed in only: the one role that may read an anonymous reporter is configured (Reports:AnonymousReporters:ReaderRole); the service checks it.
        Declare.Post<RevealReporterHandler, RevealReporterInput>(nameof(Routes.RevealReporter), Routes.RevealReporter, EndpointAccess.SignedIn)
            .Describe("Reveals who sent an anonymous report, to the configured reader role only (default AIMS managers), with a reason; the reading is recorded as evidence first."),
    ];
}
