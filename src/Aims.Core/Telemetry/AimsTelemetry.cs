using System.Diagnostics;

namespace Aims.Core.Telemetry;

/// <summary>
/// The app's own traces: one <see cref="ActivitySource"/> both hosts export through OpenTelemetry when Application Insights is
/// configured, and the tag names that make a card press, a command or a queue item searchable (activity id, verb, subject).
/// Without a listener, starting an activity costs nothing and returns null.
/// </summary>
public static class AimsTelemetry
{
    public const string SourceName = "Aims";

    public const string ActivityIdTag = "aims.activity.id";
    public const string ActivityTypeTag = "aims.activity.type";
    public const string VerbTag = "aims.verb";
    public const string SubjectTag = "aims.subject";
    public const string CommandTag = "aims.command";
    public const string QueueTag = "aims.queue";
    public const string DequeueCountTag = "aims.dequeue_count";
    public const string EndpointTag = "aims.endpoint";
    public const string OutcomeTag = "aims.outcome";

    public static ActivitySource Source { get; } = new(SourceName);
}
