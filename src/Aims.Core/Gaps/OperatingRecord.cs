using Aims.Core.Evidence;
using Aims.Core.Identity;

namespace Aims.Core.Gaps;

/// <summary>
/// A kind of record that shows work a requirement asks for was done: a decision, an assessment, an audit, a review outcome.
/// An evidence item is one when its kind (and, where one kind serves several workflows, its subject) says so and a person or
/// an accountable party recorded it: what the AIMS does by itself (reminders, snapshots, closings) is never one.
/// </summary>
public sealed record OperatingRecord(string Id, string Name, string Workflow, EvidenceKind Kind, string? SubjectPrefix = null, string? ExceptSubjectPrefix = null)
{
    public bool Matches(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == Kind
            && (SubjectPrefix is null || item.Subject.StartsWith(SubjectPrefix, StringComparison.Ordinal))
            && (ExceptSubjectPrefix is null || !item.Subject.StartsWith(ExceptSubjectPrefix, StringComparison.Ordinal))
            && !IsAutomatic(item.Actor);
    }

    /// <summary>Recorded by the AIMS itself, on a schedule or as a side effect: never a record of somebody's work.</summary>
    public static bool IsAutomatic(Actor actor) => string.Equals(actor?.ObjectId, Actor.System.ObjectId, StringComparison.Ordinal);
}
