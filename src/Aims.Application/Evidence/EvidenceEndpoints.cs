using Aims.Application.Http;

namespace Aims.Application.Evidence;

/// <summary>The evidence and audit pack endpoints, declared once; both hosts serve exactly these.</summary>
public static class EvidenceEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListEvidence = "evidence";
        public const string VerifyEvidence = "evidence/verify";
        public const string GetEvidence = "evidence/{id}";
        public const string GetEvidencePayload = "evidence/{id}/payload";
        public const string ExportAuditPack = "audit-pack";
        public const string GetPackSigningKey = "audit-pack/signing-key";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListEvidenceHandler>(nameof(Routes.ListEvidence), Routes.ListEvidence, EndpointAccess.Require(EvidenceReaders.Roles, "read evidence"))
            .Describe("Evidence by clause, control, subject, kind and time range, paged."),
        Declare.Get<VerifyEvidenceHandler>(nameof(Routes.VerifyEvidence), Routes.VerifyEvidence, EndpointAccess.Require(EvidenceReaders.Verifiers, "verify the evidence ledger"))
            .Describe("Walks the ledger and re-hashes every item."),
        Declare.Get<GetEvidenceHandler>(nameof(Routes.GetEvidence), Routes.GetEvidence, EndpointAccess.Require(EvidenceReaders.Roles, "read evidence"))
            .Describe("One evidence item's metadata."),
        Declare.Get<GetEvidencePayloadHandler>(nameof(Routes.GetEvidencePayload), Routes.GetEvidencePayload, EndpointAccess.Require(EvidenceReaders.Roles, "read evidence"))
            .Describe("The payload bytes, hash-checked while they stream."),
        Declare.Get<AuditPackHandler>(nameof(Routes.ExportAuditPack), Routes.ExportAuditPack, EndpointAccess.Require(AuditPackExporters.Roles, "export the audit pack"))
            .Describe("The audit pack as a zip download."),
        Declare.Get<PackSigningKeyHandler>(nameof(Routes.GetPackSigningKey), Routes.GetPackSigningKey, EndpointAccess.Public)
            .Describe("The public key that signs audit packs (JWK with its fingerprint), to check a pack's manifest.sig against."),
    ];
}
