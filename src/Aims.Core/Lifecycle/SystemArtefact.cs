namespace Aims.Core.Lifecycle;

/// <summary>
/// A controlled document named as one of an AI system's life cycle artefacts. The link is the record; whether it counts is
/// decided at each gate from the document itself (an approved version, with its hash), never from the link alone.
/// </summary>
public sealed record SystemArtefact(string SystemId, LifecycleArtefactPurpose Purpose, string DocumentId, string RecordedBy, DateTimeOffset RecordedAt)
{
    public static string IdFor(string systemId, LifecycleArtefactPurpose purpose) => $"{systemId}:{purpose}";
}
