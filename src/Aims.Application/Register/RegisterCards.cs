using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Gaps;
using Aims.Core.Register;
using Aims.Teams.Cards;

namespace Aims.Application.Register;

/// <summary>The <c>systems</c> answer: a table of AI systems (name, stage, risk class, next review).</summary>
public static class SystemListCard
{
    public const int MaxRows = 25;

    public static AdaptiveCard Create(string title, IReadOnlyList<AiSystem> systems, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(systems);
        var rows = new List<TableRow>
        {
            new() { Style = "accent", Cells = [Cell("**System**"), Cell("**Stage**"), Cell("**Risk class**"), Cell("**Next review**")] },
        };
        rows.AddRange(systems.Take(MaxRows).Select(s => new TableRow
        {
            Cells =
            [
                PlainCell(CardText.Truncate(s.Name, 80)),
                PlainCell(RegisterText.Stage(s.Details.Stage)),
                PlainCell(s.Details.RiskClass.ToString()),
                PlainCell(RegisterText.Review(s.Details.NextReviewDate, today)),
            ],
        }));
        var body = new List<CardElement> { TextBlock.Heading(title) };
        if (systems.Count == 0)
        {
            body.Add(TextBlock.Plain("No AI systems to show.", subtle: true));
        }
        else
        {
            body.Add(new Table
            {
                Columns = [new() { Width = 3 }, new() { Width = 2 }, new() { Width = 2 }, new() { Width = 2 }],
                Rows = rows,
                FirstRowAsHeader = true,
                ShowGridLines = false,
            });
            if (systems.Count > MaxRows)
            {
                body.Add(TextBlock.Plain($"Showing {MaxRows} of {systems.Count}. The full register is in the export (GET /api/systems/export).", subtle: true));
            }

            body.Add(TextBlock.Plain("Type: system NAME for the details of one.", subtle: true));
        }

        return new AdaptiveCard { FallbackText = $"{title}: {systems.Count} AI systems", Body = body };
    }

    private static TableCell Cell(string markdown) => new() { Items = [new TextBlock { Text = markdown, Wrap = true }] };

    private static TableCell PlainCell(string? text) => new() { Items = [TextBlock.Plain(text)] };
}

/// <summary>The <c>system NAME</c> answer: the facts of one AI system, its linked risks and review dates.</summary>
public static class SystemCard
{
    public static AdaptiveCard Create(AiSystem system, string ownerName, DateOnly today, WorkspaceLinks links, Lifecycle.GateStatus? gate = null, IReadOnlyList<Core.Incidents.IncidentCommunication>? communications = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(links);
        var d = system.Details;
        var facts = new List<Fact>
        {
            new("Id", system.Id),
            new("Owner", ownerName),
            new("Business unit", d.BusinessUnit),
            new("Life cycle stage", RegisterText.Stage(d.Stage)),
            new("Our role", d.OurRole.ToString()),
            new("EU AI Act risk class", d.RiskClass + " (indicative)"),
            new("Model type", d.ModelType),
            new("Third-party provider", d.ThirdPartyProvider ?? "none"),
            new("Autonomy", d.AutonomyLevel.ToString()),
            new("Human oversight", CardText.Truncate(d.HumanOversight ?? "not described", 300)),
            new("Impact assessment", d.ImpactAssessmentStatus + (d.ImpactAssessmentDate is { } at ? $" ({RegisterText.Date(at)})" : string.Empty)),
            new("Last review", d.LastReviewDate is { } last ? RegisterText.Date(last) : "never"),
            new("Next review", RegisterText.Review(d.NextReviewDate, today)),
            new("Data sources", d.DataSources.Count == 0 ? "none listed" : CardText.Truncate(string.Join(", ", d.DataSources.Select(s => $"{s.Name} ({s.Classification})")), 400)),
            new("Impacted parties", d.ImpactedParties.Count == 0 ? "none listed" : CardText.Truncate(string.Join(", ", d.ImpactedParties), 400)),
            new("Linked risks", d.LinkedRiskIds.Count == 0 ? "none" : CardText.Truncate(string.Join(", ", d.LinkedRiskIds), 400)),
        };
        if (gate?.ImpactAssessment is { } assessment)
        {
            facts.Insert(facts.FindIndex(f => f.Title == "Impact assessment") + 1, new Fact("Approved assessment", CardText.Truncate(assessment, 400)));
        }

        if (communications is { Count: > 0 } told)
        {
            var newest = told[0];
            facts.Add(new Fact("Incident communications", CardText.Truncate($"{told.Count}; latest {RegisterText.Date(DateOnly.FromDateTime(newest.CommunicatedAt.UtcDateTime))} to {newest.Audience} via {newest.Channel}{(newest.ReportId is { } r ? $" ({r})" : string.Empty)}", 400)));
        }
        if (gate is not null)
        {
            facts.Insert(4, new Fact("Gate approver", gate.GateApproverName ?? "none named (an AIMS manager names one)"));
            if (gate.OpenRequest is { } open)
            {
                facts.Insert(5, new Fact("Open gate", $"{open.Id} to {Core.Lifecycle.LifecycleGates.Describe(open.To)}, waiting for {open.ApproverName ?? open.ApproverObjectId}"));
            }
            else if (gate.Next is { } next)
            {
                var unmet = gate.NextGateCriteria.Where(c => !c.Met).ToList();
                facts.Insert(5, new Fact($"Next gate: {Core.Lifecycle.LifecycleGates.Describe(next)}", unmet.Count == 0
                    ? $"all {gate.NextGateCriteria.Count} criteria met"
                    : CardText.Truncate($"blocked by {string.Join("; ", unmet.Select(c => c.Label))}", 400)));
            }
        }

        if (system.Retired)
        {
            facts.Insert(1, new Fact("Retired", system.RetiredAt is { } r ? RegisterText.Date(DateOnly.FromDateTime(r.UtcDateTime)) : "yes"));
        }

        return links.AddTo(new AdaptiveCard
        {
            FallbackText = $"AI system {CardText.Truncate(system.Name, 100)}",
            Body =
            [
                TextBlock.Heading(CardText.Truncate(system.Name, 120)),
                new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(d.Purpose, 600) }] },
                new FactSet { Facts = facts },
                TextBlock.Plain("ISO/IEC 42001 4.3 and A.4.2: the AI system inventory. Risk classes are the organisation's indicative assessment.", subtle: true),
            ],
        }, WorkspaceRoutes.System(system.Id));
    }
}

/// <summary>The <c>gaps</c> answer: coverage per clause group and objective, and the most important gaps.</summary>
public static class GapsCard
{
    public const int MaxGaps = 10;

    public static AdaptiveCard Create(GapReport report, IReadOnlyList<string>? documentsPastReview = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var clauseFacts = report.Groups.Where(g => !g.Group.StartsWith('A')).Select(g => new Fact($"{g.Group} {g.Title}", Percent(g))).ToList();
        var controlFacts = report.Groups.Where(g => g.Group.StartsWith('A')).Select(g => new Fact($"{g.Group} {g.Title}", Percent(g))).ToList();
        var rows = new List<TableRow>
        {
            new() { Style = "accent", Cells = [Cell("**Item**"), Cell("**Why it is a gap**"), Cell("**What would cover it**")] },
        };
        rows.AddRange(report.Gaps.Take(MaxGaps).Select(g => new TableRow
        {
            Cells = [PlainCell($"{g.Id} {g.Title}"), PlainCell(g.Reason), PlainCell(string.Join("; ", g.SatisfiedBy))],
        }));
        var body = new List<CardElement>
        {
            TextBlock.Heading("AIMS gap analysis"),
            TextBlock.Plain(string.Create(CultureInfo.InvariantCulture,
                $"Overall coverage {report.Overall.Percent:0.#}% ({report.Overall.Covered} of {report.Overall.Total}); clauses {report.Clauses.Percent:0.#}%, applicable controls {report.Controls.Percent:0.#}%. Evidence counts for {CardText.Count(report.ReviewPeriodDays, "day", "days")}."),
                weight: "Bolder"),
            new ColumnSet
            {
                Columns =
                [
                    new Column { Width = "stretch", Items = [TextBlock.Plain("Clauses", weight: "Bolder"), new FactSet { Facts = clauseFacts }] },
                    new Column { Width = "stretch", Items = [TextBlock.Plain("Annex A", weight: "Bolder"), new FactSet { Facts = controlFacts }] },
                ],
            },
        };
        if (report.Gaps.Count == 0)
        {
            body.Add(TextBlock.Plain("No gaps: every clause and applicable control has current evidence."));
        }
        else
        {
            body.Add(TextBlock.Plain($"Top {Math.Min(MaxGaps, report.Gaps.Count)} of {report.Gaps.Count} gaps, most important first", weight: "Bolder"));
            body.Add(new Table { Columns = [new() { Width = 2 }, new() { Width = 3 }, new() { Width = 3 }], Rows = rows, FirstRowAsHeader = true, ShowGridLines = false });
        }

        if (documentsPastReview is { Count: > 0 })
        {
            body.Add(TextBlock.Plain($"{documentsPastReview.Count} documents past their review date (7.5.2)", weight: "Bolder", color: "Attention"));
            body.AddRange(documentsPastReview.Take(MaxGaps).Select(line => TextBlock.Plain("• " + CardText.Truncate(line, 240))));
        }

        return new AdaptiveCard
        {
            FallbackText = string.Create(CultureInfo.InvariantCulture, $"AIMS gap analysis: {report.Overall.Percent:0.#}% covered, {report.Gaps.Count} gaps"),
            Body = body,
        };
    }

    private static string Percent(GroupCoverage g) =>
        string.Create(CultureInfo.InvariantCulture, $"{g.Percent:0.#}% ({g.Covered}/{g.Total})");

    private static TableCell Cell(string markdown) => new() { Items = [new TextBlock { Text = markdown, Wrap = true }] };

    private static TableCell PlainCell(string? text) => new() { Items = [TextBlock.Plain(text)] };
}

internal static class RegisterText
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Review(DateOnly? next, DateOnly today) => next switch
    {
        null => "not scheduled",
        { } d when d < today => $"{Date(d)} (overdue)",
        { } d => Date(d),
    };

    public static string Stage(LifecycleStage stage) => stage switch
    {
        LifecycleStage.VerificationAndValidation => "Verification and validation",
        LifecycleStage.OperationAndMonitoring => "Operation and monitoring",
        _ => stage.ToString(),
    };
}
