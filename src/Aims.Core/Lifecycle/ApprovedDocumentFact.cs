namespace Aims.Core.Lifecycle;

/// <summary>A document attached to a system for a purpose, as it stands: its approved version and that version's hash, if any.</summary>
public sealed record ApprovedDocumentFact(string DocumentId, string Title, string? ApprovedVersion, string? Sha256);
