using Aims.Application.Http;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Soa;

namespace Aims.Application.Register;

/// <summary>The AI system register, Statement of Applicability, catalog and gap analysis endpoints, declared once.</summary>
public static class RegisterEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string GetCatalog = "catalog";
        public const string ListSystems = "systems";
        public const string CreateSystem = "systems";
        public const string ExportSystems = "systems/export";
        public const string ImportSystems = "systems/import";
        public const string GetSystem = "systems/{id}";
        public const string UpdateSystem = "systems/{id}";
        public const string RetireSystem = "systems/{id}/retire";
        public const string GetSoa = "soa";
        public const string ApproveSoa = "soa/approve";
        public const string SubmitSoa = "soa/submit";
        public const string ListSoaVersions = "soa/versions";
        public const string ListSoaChanges = "soa/changes";
        public const string ListSoaVersionChanges = "soa/versions/{version}/changes";
        public const string ExportSoa = "soa/export";
        public const string UpdateSoaEntry = "soa/{controlId}";
        public const string GetGaps = "gaps";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<CatalogHandler>(nameof(Routes.GetCatalog), Routes.GetCatalog, EndpointAccess.Require(RegisterApi.Readers, "read the catalog"))
            .Describe("ISO/IEC 42001 clause and Annex A ids and titles, and the indicative crosswalks."),
        Declare.Get<ListSystemsHandler>(nameof(Routes.ListSystems), Routes.ListSystems, EndpointAccess.Require(RegisterApi.Readers, "read the AI system register"))
            .Describe("The AI system register, filtered and paged."),
        Declare.Post<CreateSystemHandler, AiSystemInput>(nameof(Routes.CreateSystem), Routes.CreateSystem, EndpointAccess.Require(RegisterApi.Managers, "add AI systems to the register"))
            .WithMaxBody(RegisterApi.MaxJsonBodyBytes).Describe("Adds an AI system."),
        Declare.Get<ExportSystemsHandler>(nameof(Routes.ExportSystems), Routes.ExportSystems, EndpointAccess.Require(RegisterApi.Overseers, "export the AI system register"))
            .Describe("The whole register as CSV in the import layout."),
        Declare.Post<ImportSystemsHandler>(nameof(Routes.ImportSystems), Routes.ImportSystems, EndpointAccess.Require(RegisterApi.Managers, "import AI systems"))
            .StreamedBody("text/csv").WithMaxBody(RegisterApi.MaxCsvBodyBytes).Describe("Imports AI systems from CSV (?mode=dry-run|apply&partial=false)."),
        Declare.Get<GetSystemHandler>(nameof(Routes.GetSystem), Routes.GetSystem, EndpointAccess.Require(RegisterApi.Readers, "read the AI system register"))
            .Describe("One AI system; its version in the ETag header."),
        Declare.Put<UpdateSystemHandler, AiSystemInput>(nameof(Routes.UpdateSystem), Routes.UpdateSystem, EndpointAccess.Require(RegisterApi.Readers, "change AI systems"))
            .IfMatchRequired().WithMaxBody(RegisterApi.MaxJsonBodyBytes).Describe("Replaces an AI system's details (its owner or an AIMS manager; If-Match required)."),
        Declare.Post<RetireSystemHandler>(nameof(Routes.RetireSystem), Routes.RetireSystem, EndpointAccess.Require(RegisterApi.Readers, "retire AI systems"))
            .Describe("Retires an AI system (its owner or an AIMS manager; If-Match optional)."),
        Declare.Get<GetSoaHandler>(nameof(Routes.GetSoa), Routes.GetSoa, EndpointAccess.Require(RegisterApi.Readers, "read the Statement of Applicability"))
            .Describe("All Annex A controls with their SoA entry."),
        Declare.Post<ApproveSoaHandler>(nameof(Routes.ApproveSoa), Routes.ApproveSoa, EndpointAccess.Require([AimsRole.TopManagement], "approve the Statement of Applicability"))
            .Describe("Records the whole SoA as a new version (evidence, 6.1.3)."),
        Declare.Post<SubmitSoaHandler>(nameof(Routes.SubmitSoa), Routes.SubmitSoa, EndpointAccess.Require(RegisterApi.Managers, "submit the Statement of Applicability for approval"))
            .Describe("Asks top management to approve the live entries on a card in Teams; refused when nothing changed since the last approved version."),
        Declare.Get<SoaChangesHandler>(nameof(Routes.ListSoaChanges), Routes.ListSoaChanges, EndpointAccess.Require(RegisterApi.Readers, "read the Statement of Applicability"))
            .Describe("The SoA edits since the last approved version, per control and field: what an approver reviews."),
        Declare.Get<SoaChangesHandler>(nameof(Routes.ListSoaVersionChanges), Routes.ListSoaVersionChanges, EndpointAccess.Require(RegisterApi.Readers, "read the Statement of Applicability"))
            .Describe("What an approved SoA version changed against the one before it, read from both versions' evidence."),
        Declare.Get<ListSoaVersionsHandler>(nameof(Routes.ListSoaVersions), Routes.ListSoaVersions, EndpointAccess.Require(RegisterApi.Readers, "read the Statement of Applicability"))
            .Describe("Every approved SoA version."),
        Declare.Get<ExportSoaHandler>(nameof(Routes.ExportSoa), Routes.ExportSoa, EndpointAccess.Require(RegisterApi.Readers, "export the Statement of Applicability"))
            .Describe("The SoA as CSV or HTML (?format=csv|html)."),
        Declare.Put<UpdateSoaEntryHandler, SoaEntryInput>(nameof(Routes.UpdateSoaEntry), Routes.UpdateSoaEntry, EndpointAccess.Require(RegisterApi.Managers, "edit the Statement of Applicability"))
            .WithMaxBody(RegisterApi.MaxJsonBodyBytes).Describe("Sets one control's SoA entry (If-Match optional)."),
        Declare.Get<GapsHandler>(nameof(Routes.GetGaps), Routes.GetGaps, EndpointAccess.Require(RegisterApi.Overseers, "see the gap analysis"))
            .Describe("The gap analysis, most important gaps first."),
    ];
}
