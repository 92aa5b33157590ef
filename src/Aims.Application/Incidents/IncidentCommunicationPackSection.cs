using Aims.Application.Evidence;
using Aims.Core.Incidents;
using Aims.Core.Records;

namespace Aims.Application.Incidents;

/// <summary>Incident communications (A.8.4) in the audit pack, as a register with their evidence.</summary>
public sealed class IncidentCommunicationPackSection(IRecordStore<IncidentCommunication> communications) : IAuditPackSection
{
    public static RegisterTable<IncidentCommunication> Table { get; } = new(
        "Incident communications", "registers/incidents/communications", "Every communication of an AI system's incident to interested parties (A.8.4): incident, report, audience, when, channel, what was said, by whom.",
        [
            new("id", c => c.Id), new("system_id", c => c.SystemId), new("incident", c => c.Incident), new("report_id", c => c.ReportId), new("audience", c => c.Audience),
            new("communicated_at", c => PackRow.Time(c.CommunicatedAt)), new("channel", c => c.Channel), new("message", c => c.Message), new("communicated_by", c => c.CommunicatedBy),
            new("recorded_by", c => c.RecordedByName),
        ])
    {
        Subject = c => IncidentCommunicationService.Subject(c.Id),
    };

    public string Name => "incident-communications";

    public Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteRegisterAsync(Table, communications.ListValuesAsync(cancellationToken), cancellationToken);
    }
}
