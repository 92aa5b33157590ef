using System.Globalization;
using System.Text.RegularExpressions;
using Aims.Core.Catalog;

namespace Aims.Core.Soa;

public enum ImplementationStatus
{
    NotStarted,
    Planned,
    Partially,
    Implemented,
}

/// <summary>
/// The Statement of Applicability entry of one Annex A control (ISO/IEC 42001 6.1.3): whether it applies, why not when it
/// does not, how far it is implemented, who owns it and the evidence behind it.
/// </summary>
public sealed record SoaEntry(
    string ControlId,
    bool Applicable,
    string? Justification,
    ImplementationStatus Status,
    string? OwnerObjectId,
    IReadOnlyList<string> EvidenceIds,
    DateOnly? LastReviewed,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy)
{
    /// <summary>An entry nobody has filled in yet: applicable, not started.</summary>
    public static SoaEntry Default(string controlId) => new(controlId, true, null, ImplementationStatus.NotStarted, null, [], null, null, null);
}

/// <summary>A stored entry and its ETag (null for a default entry that was never stored).</summary>
public sealed record VersionedSoaEntry(SoaEntry Entry, string? ETag);

/// <summary>An approved version of the whole SoA; its content is the payload of evidence <see cref="EvidenceId"/>.</summary>
public sealed record SoaVersion(int Version, DateTimeOffset ApprovedAt, string ApprovedBy, string ApprovedByName, string EvidenceId, int Applicable, int Implemented);

/// <summary>The SoA content recorded as evidence when a version is approved.</summary>
public sealed record SoaSnapshot(int Version, DateTimeOffset ApprovedAt, string ApprovedBy, IReadOnlyList<SoaEntry> Entries);

/// <summary>What changed in one control between two approved versions (null fields: unchanged).</summary>
public sealed record SoaEntryChange(string ControlId, string? Applicable, string? Justification, string? Status, string? Owner, string? Evidence);

/// <summary>The difference between an approved version and the one before it (or the live entries and the last approved version).</summary>
public sealed record SoaDiff(int? FromVersion, int? ToVersion, IReadOnlyList<SoaEntryChange> Changes)
{
    public static SoaDiff Between(int? fromVersion, IReadOnlyList<SoaEntry> from, int? toVersion, IReadOnlyList<SoaEntry> to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = from.ToDictionary(e => e.ControlId, StringComparer.Ordinal);
        var changes = new List<SoaEntryChange>();
        foreach (var after in to.OrderBy(e => e.ControlId, StringComparer.Ordinal))
        {
            var was = before.GetValueOrDefault(after.ControlId) ?? SoaEntry.Default(after.ControlId);
            static string? Changed<T>(T a, T b, Func<T, string> show) => EqualityComparer<T>.Default.Equals(a, b) ? null : $"{show(a)} -> {show(b)}";
            var change = new SoaEntryChange(
                after.ControlId,
                Changed(was.Applicable, after.Applicable, v => v ? "applicable" : "not applicable"),
                string.Equals(was.Justification, after.Justification, StringComparison.Ordinal) ? null : $"{was.Justification ?? "(none)"} -> {after.Justification ?? "(none)"}",
                Changed(was.Status, after.Status, v => v.ToString()),
                Changed(was.OwnerObjectId, after.OwnerObjectId, v => v ?? "(none)"),
                was.EvidenceIds.SequenceEqual(after.EvidenceIds, StringComparer.Ordinal) ? null : $"{was.EvidenceIds.Count} -> {after.EvidenceIds.Count} evidence items");
            if (change is not { Applicable: null, Justification: null, Status: null, Owner: null, Evidence: null })
            {
                changes.Add(change);
            }
        }

        return new SoaDiff(fromVersion, toVersion, changes);
    }
}

/// <summary>An edit of one entry as it arrives from the API, not yet validated.</summary>
public sealed record SoaEntryInput(
    bool? Applicable,
    string? Justification,
    string? Status,
    string? OwnerObjectId,
    IReadOnlyList<string?>? EvidenceIds,
    string? LastReviewed);

/// <summary>Port: the Statement of Applicability and its approved versions.</summary>
public interface ISoaStore
{
    /// <summary>Every stored entry (controls never edited are absent; see <see cref="StatementOfApplicability.Complete"/>).</summary>
    Task<IReadOnlyList<VersionedSoaEntry>> ListAsync(CancellationToken cancellationToken = default);

    Task<VersionedSoaEntry?> GetAsync(string controlId, CancellationToken cancellationToken = default);

    /// <summary>Writes the entry; with <paramref name="expectedETag"/> only if unchanged since (else <see cref="Register.ConcurrencyConflictException"/>).</summary>
    Task<VersionedSoaEntry> SaveAsync(SoaEntry entry, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>Adds an entry only when the control has none yet; false when it exists (demo seed).</summary>
    Task<bool> AddIfMissingAsync(SoaEntry entry, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SoaVersion>> ListVersionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds version <see cref="SoaVersion.Version"/>; <see cref="Register.ConcurrencyConflictException"/> when that number is taken.</summary>
    Task AddVersionAsync(SoaVersion version, CancellationToken cancellationToken = default);
}

/// <summary>Rules of the Statement of Applicability.</summary>
public static partial class StatementOfApplicability
{
    public const int MaxJustificationLength = 1000;
    public const int MaxEvidenceIds = 50;

    /// <summary>All 38 controls in catalog order, stored entries where they exist and defaults elsewhere.</summary>
    public static IReadOnlyList<VersionedSoaEntry> Complete(IEnumerable<VersionedSoaEntry> stored)
    {
        var byId = stored.ToDictionary(e => e.Entry.ControlId, StringComparer.Ordinal);
        return [.. Iso42001Catalog.Controls.Select(c => byId.TryGetValue(c.Id, out var e) ? e : new VersionedSoaEntry(SoaEntry.Default(c.Id), null))];
    }

    /// <summary>
    /// Validates an edit. A justification is required when the control is not applicable; evidence ids must be
    /// well-formed (their existence is checked by the caller, which has the evidence store).
    /// </summary>
    public static (SoaEntry? Entry, IReadOnlyDictionary<string, string[]> Errors) Validate(
        string controlId, SoaEntryInput? input, DateOnly today, DateTimeOffset now, string updatedBy)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (!Iso42001Catalog.IsControl(controlId))
        {
            Add("controlId", $"'{controlId}' is not an Annex A control id.");
        }

        if (input?.Applicable is null)
        {
            Add("applicable", "Required: true or false.");
        }

        var justification = input?.Justification?.Trim();
        if (string.IsNullOrEmpty(justification))
        {
            justification = null;
            if (input?.Applicable == false)
            {
                Add("justification", "Justify why the control is not applicable.");
            }
        }
        else if (justification.Length > MaxJustificationLength)
        {
            Add("justification", $"At most {MaxJustificationLength} characters.");
        }
        else if (justification.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add("justification", "Control characters are not allowed.");
        }

        var status = ImplementationStatus.NotStarted;
        if (string.IsNullOrWhiteSpace(input?.Status))
        {
            Add("status", $"Required: one of {string.Join(", ", Enum.GetNames<ImplementationStatus>())}.");
        }
        else if (!Register.AiSystemValidator.TryParseEnum(input.Status, out status))
        {
            Add("status", $"Not one of {string.Join(", ", Enum.GetNames<ImplementationStatus>())}.");
        }
        else if (input.Applicable == false && status is not ImplementationStatus.NotStarted)
        {
            Add("status", "A control that is not applicable is not implemented: use NotStarted.");
        }

        var owner = input?.OwnerObjectId?.Trim();
        if (string.IsNullOrEmpty(owner))
        {
            owner = null;
        }
        else if (!ObjectIdPattern().IsMatch(owner))
        {
            Add("ownerObjectId", "Give the owner's Entra object id (letters, digits and dashes).");
        }

        var evidence = new List<string>();
        if (input?.EvidenceIds is { Count: > MaxEvidenceIds })
        {
            Add("evidenceIds", $"At most {MaxEvidenceIds} evidence ids.");
        }
        else
        {
            for (var i = 0; i < (input?.EvidenceIds?.Count ?? 0); i++)
            {
                var id = input!.EvidenceIds![i]?.Trim();
                if (Evidence.EvidenceEnvelope.TryGetHash(id) is null)
                {
                    Add($"evidenceIds[{i}]", "Not an evidence id (sha256:<64 lowercase hex digits>).");
                }
                else if (!evidence.Contains(id!, StringComparer.Ordinal))
                {
                    evidence.Add(id!);
                }
            }
        }

        if (status == ImplementationStatus.Implemented && evidence.Count == 0 && !errors.ContainsKey("evidenceIds") && !errors.ContainsKey("status"))
        {
            // Implemented is a claim about operation: it stands only on recorded evidence of the control at work.
            Add("evidenceIds", "Implemented needs evidence: link at least one recorded evidence item that shows the control operating.");
        }

        DateOnly? lastReviewed = null;
        if (!string.IsNullOrWhiteSpace(input?.LastReviewed))
        {
            if (DateOnly.TryParseExact(input.LastReviewed.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                lastReviewed = d;
                if (d > today)
                {
                    Add("lastReviewed", "The last review cannot be in the future.");
                }
            }
            else
            {
                Add("lastReviewed", "Not a date (yyyy-MM-dd).");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        return (new SoaEntry(controlId, input!.Applicable!.Value, justification, status, owner, evidence, lastReviewed, now, updatedBy),
            new Dictionary<string, string[]>());
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectIdPattern();
}

/// <summary>An approval request: against which approved version, how many controls changed, and the fingerprint the cards carry.</summary>
public sealed record SoaSubmission(int? AgainstVersion, int Changes, string Fingerprint);
