using System.Text.Json;
using Aims.Core.Identity;

namespace Aims.Core.Evidence;

/// <summary>
/// A recorded piece of evidence. <see cref="Id"/> is its content address: <c>sha256:&lt;hex&gt;</c> of the canonical
/// envelope bytes (<see cref="EvidenceEnvelope"/>), so the id itself proves the metadata and, through
/// <see cref="PayloadSha256"/>, the payload.
/// </summary>
public sealed record EvidenceItem(
    string Id,
    EvidenceKind Kind,
    string Subject,
    Actor Actor,
    DateTimeOffset RecordedAt,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> Controls,
    string? CorrelationId,
    string ContentType,
    string PayloadSha256,
    long PayloadSize,
    string Summary);

/// <summary>
/// What a workflow hands to <see cref="IEvidenceStore.RecordAsync"/>. <see cref="RecordedAt"/> defaults to the store's
/// clock; set it for imports, tests, or to make a retried work item record the very same evidence again.
/// </summary>
public sealed record NewEvidence(
    EvidenceKind Kind,
    string Subject,
    Actor Actor,
    IReadOnlyList<string> Clauses,
    IReadOnlyList<string> Controls,
    string? CorrelationId,
    string Summary,
    ReadOnlyMemory<byte> Payload,
    string ContentType,
    DateTimeOffset? RecordedAt = null)
{
    public const string JsonContentType = "application/json";

    /// <summary>A summary as evidence keeps it: control characters become spaces, at most 900 characters.</summary>
    public static string Summarise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length <= 900 ? clean : clean[..900] + "…";
    }

    /// <summary>Evidence whose payload is a JSON document (a decision, a snapshot, a digest).</summary>
    public static NewEvidence FromJson<T>(
        EvidenceKind kind,
        string subject,
        Actor actor,
        IReadOnlyList<string> clauses,
        IReadOnlyList<string> controls,
        string? correlationId,
        string summary,
        T payload,
        DateTimeOffset? recordedAt = null,
        JsonSerializerOptions? serializerOptions = null) =>
        new(kind, subject, actor, clauses, controls, correlationId, summary,
            JsonSerializer.SerializeToUtf8Bytes(payload, serializerOptions), JsonContentType, recordedAt);
}

/// <summary>
/// A filter over recorded evidence, newest first. <see cref="From"/> is inclusive, <see cref="To"/> exclusive.
/// Several filters combine with AND.
/// </summary>
public sealed record EvidenceQuery
{
    public const int MaxPageSize = 1000;

    public string? Clause { get; init; }
    public string? Control { get; init; }
    public string? Subject { get; init; }
    public EvidenceKind? Kind { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public int PageSize { get; init; } = 50;
    public string? ContinuationToken { get; init; }
}

/// <summary>
/// One page of a listing. A page may hold fewer than the page size (even none) while more follow; the listing is
/// complete only when <see cref="ContinuationToken"/> is null.
/// </summary>
public sealed record EvidencePage(IReadOnlyList<EvidenceItem> Items, string? ContinuationToken);
