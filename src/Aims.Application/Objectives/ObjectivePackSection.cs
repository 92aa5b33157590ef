using System.Runtime.CompilerServices;
using Aims.Application.Evidence;
using Aims.Core.Objectives;
using Aims.Core.Records;

namespace Aims.Application.Objectives;

/// <summary>AI objectives (6.2) and every measurement of them (9.1) in the audit pack.</summary>
public sealed class ObjectivePackSection(IRecordStore<AiObjective> objectives, IMeasurementLog log) : IAuditPackSection
{
    public static RegisterTable<AiObjective> ObjectiveTable { get; } = new(
        "AI objectives", "registers/objectives/objectives", "Each AI objective: metric, target, owner, frequency, source, the system it concerns, the latest result and any open breach.",
        [
            new("id", o => o.Id), new("title", o => o.Title), new("description", o => o.Description), new("metric", o => o.Metric), new("target", o => o.TargetText),
            new("owner_object_id", o => o.OwnerObjectId), new("frequency_days", o => PackRow.Num(o.FrequencyDays)), new("source", o => o.Source.ToString()),
            new("ai_system_id", o => o.AiSystemId), new("controls", o => PackRow.Join(o.Controls)), new("retired", o => o.Retired ? "true" : "false"),
            new("latest_value", o => o.Latest is { } m ? PackRow.Num(m.Value) : null), new("latest_at", o => PackRow.Time(o.Latest?.At)),
            new("on_target", o => o.Latest is { } m ? (m.OnTarget ? "true" : "false") : null), new("open_breach", o => o.OpenBreach is null ? "false" : "true"),
        ])
    {
        Subject = o => ObjectiveService.Subject(o.Id),
    };

    public static RegisterTable<Measurement> MeasurementTable { get; } = new(
        "Objective measurements", "registers/objectives/measurements", "Every measurement of every objective: value, time, source, who, and whether it met the target.",
        [
            new("objective_id", m => m.ObjectiveId), new("measurement_id", m => m.Id), new("value", m => PackRow.Num(m.Value)), new("at", m => PackRow.Time(m.At)),
            new("source", m => m.Source.ToString()), new("by_object_id", m => m.ByObjectId), new("by_name", m => m.ByName), new("note", m => m.Note),
            new("on_target", m => m.OnTarget ? "true" : "false"),
        ])
    {
        Subject = m => ObjectiveService.Subject(m.ObjectiveId),
        Matches = (m, item) => item.CorrelationId == m.Id,
    };

    public string Name => "objectives";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteRegisterAsync(ObjectiveTable, objectives.ListValuesAsync(cancellationToken), cancellationToken);
        await writer.WriteRegisterAsync(MeasurementTable, Measurements(cancellationToken), cancellationToken);
    }

    private async IAsyncEnumerable<Measurement> Measurements([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var o in objectives.ListValuesAsync(cancellationToken))
        {
            await foreach (var m in log.ListAsync(o.Id, null, cancellationToken))
            {
                yield return m;
            }
        }
    }
}
