using Aims.Application.Http;
using Aims.Core.Identity;

namespace Aims.Application.Reviews;

/// <summary>The management review, review cycle and internal audit endpoints, declared once; both hosts serve exactly these.</summary>
public static class ReviewEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string SendManagementReview = "management-reviews";
        public const string AddImprovementOpportunity = "management-reviews/opportunities";
        public const string CompleteReviewAction = "management-reviews/actions/{id}/complete";
        public const string ListManagementReviews = "management-reviews";
        public const string GetManagementReview = "management-reviews/{id}";
        public const string GetCurrentManagementReview = "management-reviews/digests/latest";
        public const string RecordManagementReview = "management-reviews/{id}/record";
        public const string CloseManagementReview = "management-reviews/{id}/close";
        public const string ListReviewCycles = "review-cycles";
        public const string CreateReviewCycle = "review-cycles";
        public const string ListReviewTasks = "review-cycles/{id}/tasks";
        public const string ListInternalAudits = "internal-audits";
        public const string PlanInternalAudit = "internal-audits";
        public const string RecordAuditFinding = "internal-audits/{id}/findings";
        public const string CompleteInternalAudit = "internal-audits/{id}/complete";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Post<SendManagementReviewHandler>(nameof(Routes.SendManagementReview), Routes.SendManagementReview, EndpointAccess.Require([AimsRole.AimsManager], "send the management review digest"))
            .Describe("Builds, archives and sends the management review digest now (9.3)."),
        Declare.Post<AddOpportunityHandler, OpportunityInput>(nameof(Routes.AddImprovementOpportunity), Routes.AddImprovementOpportunity, EndpointAccess.Require([AimsRole.AimsManager], "record opportunities for improvement"))
            .Describe("An opportunity for improvement for the next digests."),
        Declare.Post<CompleteReviewActionHandler>(nameof(Routes.CompleteReviewAction), Routes.CompleteReviewAction, EndpointAccess.SignedIn)
            .Describe("Marks a review action done (its owner, top management or an AIMS manager)."),
        Declare.Get<ListManagementReviewsHandler>(nameof(Routes.ListManagementReviews), Routes.ListManagementReviews, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read management review records"))
            .Describe("Every recorded management review: date, attendees, digest, conclusion (9.3.1), decisions and actions (9.3.3)."),
        Declare.Get<GetManagementReviewHandler>(nameof(Routes.GetManagementReview), Routes.GetManagementReview, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read management review records"))
            .Describe("The record of the review held on one digest, with its ETag."),
        Declare.Get<GetCurrentReviewHandler>(nameof(Routes.GetCurrentManagementReview), Routes.GetCurrentManagementReview, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read management review records"))
            .Describe("The latest digest, by section, with the review recorded on it, the open opportunities and the people an action may go to."),
        Declare.Post<RecordManagementReviewHandler, ManagementReviewRecordForm>(nameof(Routes.RecordManagementReview), Routes.RecordManagementReview, EndpointAccess.Require([AimsRole.TopManagement], "record a management review"))
            .Describe("Records the review held on a digest (X-Request-Id honoured): attendees, conclusion, decisions tied to opportunities or actions."),
        Declare.Post<CloseManagementReviewHandler>(nameof(Routes.CloseManagementReview), Routes.CloseManagementReview, EndpointAccess.Require([AimsRole.TopManagement, AimsRole.AimsManager], "close a management review"))
            .Describe("Closes a recorded review once every action it decided is done."),
        Declare.Get<ListReviewCyclesHandler>(nameof(Routes.ListReviewCycles), Routes.ListReviewCycles, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor], "read review cycles"))
            .Describe("Every review cycle."),
        Declare.Post<CreateReviewCycleHandler, ReviewCycleInput>(nameof(Routes.CreateReviewCycle), Routes.CreateReviewCycle, EndpointAccess.Require([AimsRole.AimsManager], "define review cycles"))
            .Describe("Defines a review cycle."),
        Declare.Get<ListReviewTasksHandler>(nameof(Routes.ListReviewTasks), Routes.ListReviewTasks, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor], "read review tasks"))
            .Describe("Every task of a review cycle, all periods."),
        Declare.Get<ListInternalAuditsHandler>(nameof(Routes.ListInternalAudits), Routes.ListInternalAudits, EndpointAccess.Require([AimsRole.AimsManager, AimsRole.Auditor, AimsRole.TopManagement], "read the internal audit programme"))
            .Describe("The internal audit programme with its findings (9.2)."),
        Declare.Post<PlanInternalAuditHandler, InternalAuditInput>(nameof(Routes.PlanInternalAudit), Routes.PlanInternalAudit, EndpointAccess.Require([AimsRole.AimsManager], "plan internal audits"))
            .Describe("Plans an internal audit; the auditor gets the audit card."),
        Declare.Post<RecordAuditFindingHandler, AuditFindingInput>(nameof(Routes.RecordAuditFinding), Routes.RecordAuditFinding, EndpointAccess.Require([AimsRole.Auditor], "record audit findings"))
            .Describe("Records a finding (Idempotency-Key honoured); nonconformities open a report."),
        Declare.Post<CompleteInternalAuditHandler>(nameof(Routes.CompleteInternalAudit), Routes.CompleteInternalAudit, EndpointAccess.Require([AimsRole.Auditor], "complete internal audits"))
            .Describe("Completes an internal audit."),
    ];
}
