using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Identity;
using Aims.Core.ThirdParties;

namespace Aims.Application.ThirdParties;

/// <summary>The supplier and customer register endpoints (A.10), declared once; both hosts serve exactly these.</summary>
public static class ThirdPartyEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListThirdParties = "third-parties";
        public const string CreateThirdParty = "third-parties";
        public const string GetThirdParty = "third-parties/{id}";
        public const string UpdateThirdParty = "third-parties/{id}";
        public const string AssessSupplier = "third-parties/{id}/assessments";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListThirdPartiesHandler>(nameof(Routes.ListThirdParties), Routes.ListThirdParties, EndpointAccess.Require(RegisterApi.Readers, "read the supplier and customer register"))
            .Describe("Suppliers and customers of AI systems (?systemId=)."),
        Declare.Post<CreateThirdPartyHandler, ThirdPartyInput>(nameof(Routes.CreateThirdParty), Routes.CreateThirdParty, EndpointAccess.Require([AimsRole.AimsManager], "keep the supplier and customer register"))
            .Describe("Registers a supplier or customer: systems, what it provides or receives, responsibilities, what customers are told."),
        Declare.Get<GetThirdPartyHandler>(nameof(Routes.GetThirdParty), Routes.GetThirdParty, EndpointAccess.Require(RegisterApi.Readers, "read the supplier and customer register"))
            .Describe("One supplier or customer with its assessments; its version in the ETag header."),
        Declare.Put<UpdateThirdPartyHandler, ThirdPartyInput>(nameof(Routes.UpdateThirdParty), Routes.UpdateThirdParty, EndpointAccess.Require([AimsRole.AimsManager], "keep the supplier and customer register"))
            .Describe("Replaces its details (If-Match honoured)."),
        Declare.Post<AssessSupplierHandler, SupplierAssessmentInput>(nameof(Routes.AssessSupplier), Routes.AssessSupplier, EndpointAccess.Require([AimsRole.AimsManager], "assess suppliers"))
            .Describe("Records a supplier assessment with its outcome (A.10.3)."),
    ];
}
