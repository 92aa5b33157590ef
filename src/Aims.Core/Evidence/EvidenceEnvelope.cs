using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aims.Core.Identity;

namespace Aims.Core.Evidence;

/// <summary>
/// The canonical bytes of an item's metadata and the content address derived from them. The envelope is compact JSON
/// with a fixed property order, sorted de-duplicated clause and control lists and UTC times with 7 fractional digits,
/// so identical content always gives the same id. Verification re-hashes the stored bytes, never a re-encoding, so a
/// later change of JSON escaping cannot make old evidence look altered.
/// </summary>
public static partial class EvidenceEnvelope
{
    public const string IdPrefix = "sha256:";
    public const int MaxSubjectLength = 256;
    public const int MaxSummaryLength = 1000;
    public const int MaxCorrelationIdLength = 256;
    public const int MaxReferences = 50;
    private const int Version = 1;
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Validates the input, hashes the payload and builds the item with its canonical envelope bytes.</summary>
    public static (EvidenceItem Item, byte[] Envelope) Create(NewEvidence evidence, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        Validate(evidence);
        var clauses = Normalise(evidence.Clauses);
        var controls = Normalise(evidence.Controls);
        var recordedAt = (evidence.RecordedAt ?? now).ToUniversalTime();
        var payloadSha = Convert.ToHexStringLower(SHA256.HashData(evidence.Payload.Span));
        var actor = new Actor(evidence.Actor.ObjectId, evidence.Actor.DisplayName);
        var envelope = Encode(evidence.Kind, evidence.Subject, actor, recordedAt, clauses, controls,
            evidence.CorrelationId, evidence.ContentType, payloadSha, evidence.Payload.Length, evidence.Summary);
        var item = new EvidenceItem(ComputeId(envelope), evidence.Kind, evidence.Subject, actor, recordedAt, clauses, controls,
            evidence.CorrelationId, evidence.ContentType, payloadSha, evidence.Payload.Length, evidence.Summary);
        return (item, envelope);
    }

    /// <summary>Reads stored envelope bytes; throws <see cref="EvidenceIntegrityException"/> when they do not hash to <paramref name="id"/>.</summary>
    public static EvidenceItem Parse(string id, ReadOnlySpan<byte> envelope)
    {
        var actual = ComputeId(envelope);
        if (!string.Equals(actual, id, StringComparison.Ordinal))
        {
            throw new EvidenceIntegrityException($"Evidence {id} is altered: its envelope hashes to {actual}.");
        }

        try
        {
            var reader = new Utf8JsonReader(envelope);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                throw new EvidenceIntegrityException($"Evidence {id} has an unknown envelope version.");
            }

            var actor = root.GetProperty("actor");
            return new EvidenceItem(
                id,
                new EvidenceKind(root.GetProperty("kind").GetString()!),
                root.GetProperty("subject").GetString()!,
                new Actor(actor.GetProperty("objectId").GetString()!, actor.GetProperty("displayName").GetString()!),
                ParseTime(root.GetProperty("recordedAt").GetString()!),
                [.. root.GetProperty("clauses").EnumerateArray().Select(e => e.GetString()!)],
                [.. root.GetProperty("controls").EnumerateArray().Select(e => e.GetString()!)],
                root.GetProperty("correlationId").GetString(),
                root.GetProperty("contentType").GetString()!,
                root.GetProperty("payloadSha256").GetString()!,
                root.GetProperty("payloadSize").GetInt64(),
                root.GetProperty("summary").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            // The bytes hash correctly, so this is not tampering but an envelope this code cannot read.
            throw new EvidenceIntegrityException($"Evidence {id} has an unreadable envelope: {ex.Message}", ex);
        }
    }

    public static string ComputeId(ReadOnlySpan<byte> envelope) => IdPrefix + Convert.ToHexStringLower(SHA256.HashData(envelope));

    /// <summary>The 64 hex digits of a well-formed id, else null.</summary>
    public static string? TryGetHash(string? id) =>
        id is not null && IdPattern().IsMatch(id) ? id[IdPrefix.Length..] : null;

    /// <summary>The 64 hex digits of an id; <see cref="ArgumentException"/> when it is not one.</summary>
    public static string GetHash(string id) =>
        TryGetHash(id) ?? throw new ArgumentException($"'{id}' is not an evidence id (sha256:<64 lowercase hex digits>).", nameof(id));

    public static bool IsSha256Hex(string? value) => value is not null && HexPattern().IsMatch(value);

    /// <summary>Clause ("6.1.3") and Annex A control ("A.6.2.6") ids: letters, digits and dots.</summary>
    public static bool IsReference(string? value) => value is { Length: <= 32 } && ReferencePattern().IsMatch(value);

    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string value) =>
        DateTimeOffset.ParseExact(value, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static void Validate(NewEvidence e)
    {
        if (e.Kind.Value is null)
        {
            throw new ArgumentException("Evidence needs a kind.", nameof(e));
        }

        RequireText(e.Subject, MaxSubjectLength, "subject");
        RequireText(e.Summary, MaxSummaryLength, "summary");
        if (e.Actor is null)
        {
            throw new ArgumentException("Evidence needs an actor.", nameof(e));
        }

        RequireText(e.Actor.ObjectId, MaxSubjectLength, "actor object id");
        RequireText(e.Actor.DisplayName, MaxSubjectLength, "actor display name");
        RequireText(e.ContentType, 128, "content type");
        if (e.CorrelationId is not null)
        {
            RequireText(e.CorrelationId, MaxCorrelationIdLength, "correlation id");
        }

        RequireReferences(e.Clauses, "clause");
        RequireReferences(e.Controls, "control");
    }

    private static void RequireText(string? value, int maxLength, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Any(char.IsControl) || value.Trim().Length != value.Length)
        {
            throw new ArgumentException($"Evidence {what} must be 1-{maxLength} characters, without control characters or surrounding spaces (got '{value}').");
        }
    }

    private static void RequireReferences(IReadOnlyList<string>? values, string what)
    {
        if (values is null || values.Count > MaxReferences)
        {
            throw new ArgumentException($"Evidence needs a {what} list of at most {MaxReferences} ids (it may be empty).");
        }

        foreach (var value in values)
        {
            if (!IsReference(value))
            {
                throw new ArgumentException($"'{value}' is not a {what} id (letters, digits and dots, like 6.1.3 or A.6.2.6).");
            }
        }
    }

    private static string[] Normalise(IReadOnlyList<string> values) =>
        [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The canonical envelope bytes of a stored item: the very bytes its id is the hash of (the encoding is deterministic),
    /// so an audit pack can carry them for an auditor to hash.
    /// </summary>
    public static byte[] Encode(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Encode(item.Kind, item.Subject, item.Actor, item.RecordedAt, [.. item.Clauses], [.. item.Controls],
            item.CorrelationId, item.ContentType, item.PayloadSha256, item.PayloadSize, item.Summary);
    }

    private static byte[] Encode(
        EvidenceKind kind, string subject, Actor actor, DateTimeOffset recordedAt, string[] clauses, string[] controls,
        string? correlationId, string contentType, string payloadSha, long payloadSize, string summary)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            // The order below is part of the content address: append new fields only in a new version.
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("kind", kind.Value);
            w.WriteString("subject", subject);
            w.WriteStartObject("actor");
            w.WriteString("objectId", actor.ObjectId);
            w.WriteString("displayName", actor.DisplayName);
            w.WriteEndObject();
            w.WriteString("recordedAt", FormatTime(recordedAt));
            w.WriteStartArray("clauses");
            foreach (var c in clauses)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteStartArray("controls");
            foreach (var c in controls)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteString("correlationId", correlationId);
            w.WriteString("contentType", contentType);
            w.WriteString("payloadSha256", payloadSha);
            w.WriteNumber("payloadSize", payloadSize);
            w.WriteString("summary", summary);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex("^[A-Za-z0-9]+(?:\\.[A-Za-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
