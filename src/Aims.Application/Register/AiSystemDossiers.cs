using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Aims.Application.Evidence;
using static Aims.Application.Evidence.AuditPackIndex;
using Aims.Application.Risks;
using Aims.Core.Evidence;
using Aims.Core.Objectives;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reports;
using Aims.Core.Risks;

namespace Aims.Application.Register;

/// <summary>
/// One page per AI system in the audit pack (<c>registers/ai-systems/dossiers/</c>): its facts, life cycle gates and documents,
/// risks, impact assessments, datasets, suppliers and customers, objectives, reported concerns and nonconformities, incident
/// communications, and the
/// evidence recorded about it, so an auditor sampling a system
/// finds everything in one place. Risks are read once and grouped (one line each), not once per system.
/// </summary>
public sealed class AiSystemDossierSection(
    IAiSystemRegistry systems,
    IRiskRegister risks,
    IImpactAssessmentStore assessments,
    IReportStore reports,
    IRecordStore<AiObjective> objectives,
    IRecordStore<Core.Lifecycle.GateRequest> gates,
    IRecordStore<Core.Lifecycle.SystemArtefact> artefacts,
    IRecordStore<Core.Data.Dataset> datasets,
    IRecordStore<Core.ThirdParties.ThirdParty> thirdParties,
    IRecordStore<Core.Incidents.IncidentCommunication> communications,
    IEvidenceStore evidence,
    RiskService riskService) : IAuditPackSection
{
    /// <summary>Evidence lines per dossier; the rest are in the evidence index.</summary>
    public const int MaxEvidenceLines = 200;

    public string Name => "ai-system-dossiers";

    public static string PathOf(string systemId) => $"registers/ai-systems/dossiers/{AuditPackNames.SafeSegment(systemId)}.html";

    public async Task WriteAsync(AuditPackWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var risksBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var r in risks.ListAllAsync(cancellationToken))
        {
            Add(risksBySystem, r.AiSystemId, [r.Id, r.Title, r.Inherent(riskService.Matrix).Level.ToString(), r.Residual(riskService.Matrix).Level.ToString(), r.Treatment.ToString(), r.State.ToString()]);
        }

        var reportsBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var r in reports.ListAllAsync(cancellationToken))
        {
            Add(reportsBySystem, r.AiSystemId, [r.Id, r.Kind.ToString(), r.Title, r.Severity?.ToString() ?? string.Empty, r.Status.ToString(), r.CorrectiveAction ?? string.Empty]);
        }

        var objectivesBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var o in objectives.ListAsync(cancellationToken))
        {
            var x = o.Value;
            Add(objectivesBySystem, x.AiSystemId, [x.Id, x.Title, $"{x.Metric} {x.TargetText}", x.Latest is { } m ? $"{PackRow.Num(m.Value)} ({(m.OnTarget ? "on target" : "off target")})" : "not measured"]);
        }

        var lifecycleBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var g in gates.ListValuesAsync(cancellationToken))
        {
            Add(lifecycleBySystem, g.SystemId, [g.Id, $"{g.From} to {g.To}", g.State.ToString(), g.RequestedByName, g.DecidedByName ?? string.Empty, PackRow.Time(g.DecidedAt) ?? string.Empty,
                string.Join("; ", g.CriteriaAtDecision.Select(c => $"{c.Label}: {(c.Met ? "met" : "not met")}"))]);
        }

        var documentsBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var a in artefacts.ListValuesAsync(cancellationToken))
        {
            Add(documentsBySystem, a.SystemId, [a.Purpose.ToString(), a.DocumentId, PackRow.Time(a.RecordedAt) ?? string.Empty]);
        }

        var dataBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var ds in datasets.ListValuesAsync(cancellationToken))
        {
            foreach (var id in ds.SystemIds)
            {
                Add(dataBySystem, id, [ds.Id, ds.Name, ds.Version, ds.Source, ds.PersonalData ? ds.LegalBasis ?? "personal data" : "no personal data", string.Join("; ", ds.QualityChecks.Select(q => $"{q.Check}: {q.Result}"))]);
            }
        }

        var partiesBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var tp in thirdParties.ListValuesAsync(cancellationToken))
        {
            foreach (var id in tp.SystemIds)
            {
                Add(partiesBySystem, id, [tp.Id, tp.Name, tp.Relationship.ToString(), tp.Provides, tp.LatestAssessment is { } la ? $"{la.Outcome} {PackRow.Time(la.AssessedAt)}" : "not assessed"]);
            }
        }

        var communicationsBySystem = new Dictionary<string, List<string[]>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var c in communications.ListValuesAsync(cancellationToken))
        {
            Add(communicationsBySystem, c.SystemId, [c.Id, PackRow.Time(c.CommunicatedAt) ?? string.Empty, c.Incident, c.ReportId ?? string.Empty, c.Audience, c.Channel, c.Message, c.CommunicatedBy]);
        }

        await foreach (var system in systems.ListEverySystemAsync(cancellationToken))
        {
            var html = await RenderAsync(system, risksBySystem, reportsBySystem, objectivesBySystem, cancellationToken,
                (lifecycleBySystem, documentsBySystem, dataBySystem, partiesBySystem, communicationsBySystem));
            await writer.WritePageAsync(PathOf(system.Id), $"{system.Id} {system.Details.Name}{(system.Retired ? " (retired)" : string.Empty)}", "AI system dossiers", html);
        }
    }

    private async Task<string> RenderAsync(AiSystem s, Dictionary<string, List<string[]>> risksBySystem, Dictionary<string, List<string[]>> reportsBySystem,
        Dictionary<string, List<string[]>> objectivesBySystem, CancellationToken cancellationToken,
        (Dictionary<string, List<string[]>> Gates, Dictionary<string, List<string[]>> Documents, Dictionary<string, List<string[]>> Data, Dictionary<string, List<string[]>> Parties, Dictionary<string, List<string[]>> Communications) more)
    {
        var d = s.Details;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{H(s.Id)} {H(d.Name)}</title><style>{AuditPackIndex.Style}</style></head><body>");
        sb.Append(CultureInfo.InvariantCulture, $"<p><a href=\"../../../index.html\">Audit pack</a></p><h1>{H(s.Id)} {H(d.Name)}</h1><dl>");
        foreach (var (label, value) in new (string, string?)[]
        {
            ("Purpose", d.Purpose), ("Intended use", d.IntendedUse), ("Owner", d.OwnerObjectId), ("Business unit", d.BusinessUnit), ("Lifecycle stage", d.Stage.ToString()),
            ("Our role", d.OurRole.ToString()), ("Model", d.ModelType), ("Third-party provider", d.ThirdPartyProvider),
            ("Data sources", string.Join("; ", d.DataSources.Select(x => $"{x.Name} ({x.Classification})"))), ("Impacted parties", string.Join("; ", d.ImpactedParties)),
            ("Human oversight", d.HumanOversight), ("Autonomy", d.AutonomyLevel.ToString()), ("Risk class", d.RiskClass.ToString()),
            ("Retired", s.Retired ? PackRow.Time(s.RetiredAt) ?? "yes" : "no"),
        })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<dt>{H(label)}</dt><dd>{H(string.IsNullOrWhiteSpace(value) ? "not stated" : value)}</dd>");
        }

        sb.Append("</dl>");
        Table(sb, "Life cycle gates", ["Gate", "Move", "State", "Requested by", "Decided by", "Decided at", "Criteria at the decision"], more.Gates.GetValueOrDefault(s.Id));
        Table(sb, "Life cycle documents", ["Purpose", "Document", "Attached at"], more.Documents.GetValueOrDefault(s.Id));
        Table(sb, "Risks", ["Risk", "Title", "Inherent", "Residual", "Treatment", "State"], risksBySystem.GetValueOrDefault(s.Id));
        var ia = (await assessments.ListForSystemAsync(s.Id, cancellationToken)).Select(a => a.Assessment)
            .Select(a => new[] { a.Id, a.Title, a.State.ToString(), a.HighestSeverity.ToString(), a.DecidedByName ?? a.DecidedBy ?? string.Empty, PackRow.Time(a.DecidedAt) ?? string.Empty }).ToList();
        Table(sb, "Impact assessments", ["Assessment", "Title", "State", "Highest severity", "Decided by", "Decided at"], ia);
        Table(sb, "Datasets", ["Dataset", "Name", "Version", "Source", "Personal data", "Quality checks"], more.Data.GetValueOrDefault(s.Id));
        Table(sb, "Suppliers and customers", ["Party", "Name", "Relationship", "Provides or receives", "Latest assessment"], more.Parties.GetValueOrDefault(s.Id));
        Table(sb, "Objectives", ["Objective", "Title", "Target", "Latest"], objectivesBySystem.GetValueOrDefault(s.Id));
        Table(sb, "Concerns, incidents and nonconformities", ["Report", "Kind", "Title", "Severity", "Status", "Corrective action"], reportsBySystem.GetValueOrDefault(s.Id));
        Table(sb, "Incident communications", ["Record", "Communicated at", "Incident", "Report", "Audience", "Channel", "What was said", "By"], more.Communications.GetValueOrDefault(s.Id));

        var lines = new List<string[]>();
        string? token = null;
        do
        {
            var page = await evidence.ListAsync(new EvidenceQuery { Subject = $"ai-system:{s.Id}", PageSize = 100, ContinuationToken = token }, cancellationToken);
            lines.AddRange(page.Items.Select(i => new[] { PackRow.Time(i.RecordedAt) ?? string.Empty, i.Kind.Value, i.Actor.DisplayName, i.Summary, i.Id }));
            token = page.ContinuationToken;
        }
        while (token is not null && lines.Count < MaxEvidenceLines);
        Table(sb, "Evidence about this system", ["Recorded", "Kind", "Actor", "Summary", "Evidence id"], lines);
        sb.Append("</body></html>");
        return sb.ToString();
    }

    private static void Add(Dictionary<string, List<string[]>> map, string? systemId, string[] line)
    {
        if (string.IsNullOrEmpty(systemId))
        {
            return;
        }

        if (!map.TryGetValue(systemId, out var list))
        {
            map[systemId] = list = [];
        }

        list.Add(line);
    }

    private static void Table(StringBuilder sb, string title, string[] header, List<string[]>? rows)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<h2>{H(title)}</h2>");
        if (rows is not { Count: > 0 })
        {
            sb.Append("<p>None recorded.</p>");
            return;
        }

        sb.Append("<table><tr>");
        foreach (var h in header) sb.Append(CultureInfo.InvariantCulture, $"<th>{H(h)}</th>");
        sb.Append("</tr>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append(CultureInfo.InvariantCulture, $"<td>{H(cell)}</td>");
            sb.Append("</tr>");
        }

        sb.Append("</table>");
    }
}
