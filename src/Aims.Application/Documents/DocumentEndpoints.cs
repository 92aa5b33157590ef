using Aims.Application.Http;
using Aims.Core.Documents;
using Aims.Core.Identity;

namespace Aims.Application.Documents;

/// <summary>The controlled document endpoints (7.5), declared once; both hosts serve exactly these.</summary>
public static class DocumentEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListDocuments = "documents";
        public const string CreateDocument = "documents";
        public const string GetDocument = "documents/{id}";
        public const string UpdateDocument = "documents/{id}";
        public const string AddDocumentVersion = "documents/{id}/versions";
        public const string GetDocumentFile = "documents/{id}/versions/{version}/file";
        public const string SubmitDocumentVersion = "documents/{id}/versions/{version}/submit";
        public const string DecideDocument = "documents/{id}/decisions";
        public const string ReviewDocument = "documents/{id}/review";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListDocumentsHandler>(nameof(Routes.ListDocuments), Routes.ListDocuments, EndpointAccess.Require(DocumentAccess.Readers, "read the document register"))
            .Describe("The document register."),
        Declare.Post<CreateDocumentHandler, DocumentRequest>(nameof(Routes.CreateDocument), Routes.CreateDocument, EndpointAccess.Require([AimsRole.AimsManager], "manage controlled documents"))
            .Describe("Registers a controlled document (no version yet)."),
        Declare.Get<GetDocumentHandler>(nameof(Routes.GetDocument), Routes.GetDocument, EndpointAccess.Require(DocumentAccess.Readers, "read the document register"))
            .Describe("One document; its version in the ETag header."),
        Declare.Put<UpdateDocumentHandler, DocumentRequest>(nameof(Routes.UpdateDocument), Routes.UpdateDocument, EndpointAccess.Require([AimsRole.AimsManager], "manage controlled documents"))
            .Describe("Title, type, owner, review interval and date, controls (If-Match honoured)."),
        Declare.Post<AddDocumentVersionHandler>(nameof(Routes.AddDocumentVersion), Routes.AddDocumentVersion, EndpointAccess.SignedIn)
            .StreamedBody("multipart/form-data").WithMaxBody(AddDocumentVersionHandler.MaxUploadBytes).Describe("Uploads a new draft version (its owner or an AIMS manager)."),
        Declare.Get<GetDocumentFileHandler>(nameof(Routes.GetDocumentFile), Routes.GetDocumentFile, EndpointAccess.Require(DocumentAccess.Readers, "read the document register"))
            .Describe("The file of a version, hash-checked on the way out."),
        Declare.Post<SubmitDocumentVersionHandler>(nameof(Routes.SubmitDocumentVersion), Routes.SubmitDocumentVersion, EndpointAccess.SignedIn)
            .Describe("Sends a draft to its approvers in Teams (its owner or an AIMS manager)."),
        Declare.Post<DecideDocumentHandler, DocumentDecisionRequest>(nameof(Routes.DecideDocument), Routes.DecideDocument, EndpointAccess.SignedIn)
            .Describe("Approves, rejects or sends back the version in approval (same rules as the card)."),
        Declare.Post<ReviewDocumentHandler, DocumentReviewRequest>(nameof(Routes.ReviewDocument), Routes.ReviewDocument, EndpointAccess.SignedIn)
            .Describe("Records the periodic review outcome (its owner or an AIMS manager)."),
    ];
}
