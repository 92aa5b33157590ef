using Aims.Application.Evidence;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Incidents;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reports;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Incidents;

/// <summary>
/// Records of communicating an AI system's incidents to interested parties (A.8.4), kept by AIMS managers and the system's
/// owner. Each record is evidence, written with it (<see cref="OwedRecordWriter"/>); records are never edited, a correction is
/// a new communication.
/// </summary>
public sealed class IncidentCommunicationService(
    IRecordStore<IncidentCommunication> communications,
    IAiSystemRegistry systems,
    IReportStore reports,
    OwedRecordWriter writer,
    RoleResolver roles,
    TimeProvider time,
    ILogger<IncidentCommunicationService> logger)
{
    private static readonly string[] Clauses = ["8.1"];
    private static readonly string[] Controls = ["A.8.4"];

    public IRecordStore<IncidentCommunication> Store => communications;

    public static string Subject(string id) => $"incident-communication:{id}";

    /// <summary>Every communication about <paramref name="systemId"/>, newest first.</summary>
    public async Task<IReadOnlyList<IncidentCommunication>> ListAsync(string systemId, CancellationToken cancellationToken)
    {
        var list = new List<IncidentCommunication>();
        await foreach (var c in communications.ListValuesAsync(cancellationToken))
        {
            if (string.Equals(c.SystemId, systemId, StringComparison.OrdinalIgnoreCase))
            {
                list.Add(c);
            }
        }

        return [.. list.OrderByDescending(c => c.CommunicatedAt)];
    }

    public async Task<Versioned<IncidentCommunication>> RecordAsync(string systemId, IncidentCommunicationInput? input, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var system = (await systems.GetAsync(systemId, cancellationToken))?.System ?? throw new KeyNotFoundException($"No AI system '{systemId}'.");
        if (!string.Equals(system.Details.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "record incident communications of an AI system you do not own", cancellationToken);
        }

        var now = time.GetUtcNow();
        var errors = IncidentCommunicationValidator.Validate(input, now);
        if (!errors.ContainsKey("reportId") && input?.ReportId is { Length: > 0 } reportId)
        {
            var report = (await reports.GetAsync(reportId.Trim(), cancellationToken))?.Report;
            if (report is null) errors["reportId"] = [$"There is no report '{reportId.Trim()}'."];
            else if (!string.Equals(report.AiSystemId, system.Id, StringComparison.OrdinalIgnoreCase)) errors["reportId"] = [$"Report {report.Id} is not about {system.Name}."];
        }

        RecordValidationException.ThrowIfAny(errors);
        var by = actor.ForEvidence();
        var stored = await writer.AddAsync(communications, "IC", id => new IncidentCommunication
        {
            Id = id, SystemId = system.Id, Incident = input!.Incident!.Trim(), ReportId = string.IsNullOrWhiteSpace(input.ReportId) ? null : input.ReportId.Trim(),
            Audience = input.Audience!.Trim(), CommunicatedAt = input.CommunicatedAt!.Value, Channel = input.Channel!.Trim(), Message = input.Message!.Trim(),
            CommunicatedBy = input.CommunicatedBy!.Trim(), RecordedAt = now, RecordedBy = actor.ObjectId, RecordedByName = by.DisplayName,
        }, c => NewEvidence.FromJson(EvidenceKind.IncidentCommunication, Subject(c.Id), by, Clauses, Controls, c.Id,
            NewEvidence.Summarise($"Incident of AI system '{system.Name}' ({system.Id}){(c.ReportId is { } r ? $" ({r})" : string.Empty)} communicated to {c.Audience} by {c.CommunicatedBy} via {c.Channel} on {c.CommunicatedAt.UtcDateTime:yyyy-MM-dd}: {c.Message}"),
            c, now, RegisterJson.Options), cancellationToken);
        logger.LogInformation("Incident communication {Id} of {SystemId} recorded by {Actor}", stored.Value.Id, system.Id, actor.ObjectId);
        return stored;
    }
}
