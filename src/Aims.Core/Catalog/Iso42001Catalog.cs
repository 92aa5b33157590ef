namespace Aims.Core.Catalog;

/// <summary>Whether a catalog entry is a management-system clause (4-10) or an Annex A control.</summary>
public enum CatalogItemKind
{
    Clause,
    Control,
}

/// <summary>
/// One assessable entry of ISO/IEC 42001:2023: an id and its short title only (the standard's text is copyrighted and
/// never carried). <see cref="Group"/> is the top-level clause ("6") or Annex A objective ("A.6") it belongs to;
/// <see cref="ParentId"/> the enclosing heading ("6.1" for "6.1.3"), or null at the top.
/// </summary>
public sealed record CatalogItem(string Id, string Title, CatalogItemKind Kind, string Group, string? ParentId, bool IsAssessable);

/// <summary>An Annex A objective (A.2 .. A.10) and its controls, in the standard's order.</summary>
public sealed record AnnexObjective(string Id, string Title, IReadOnlyList<CatalogItem> Controls);

/// <summary>
/// The structure of ISO/IEC 42001:2023: clauses 4-10 with their sub-clauses and Annex A (9 objectives, 38 controls),
/// by id and short title as published in public framework libraries.
/// Assessable clauses are the leaves (6.1.3, not 6.1); evidence is recorded against these ids.
/// </summary>
public static class Iso42001Catalog
{
    public const int ControlCount = 38;

    private static readonly (string Id, string Title)[] ClauseData =
    [
        ("4", "Context of the organization"),
        ("4.1", "Understanding the organization and its context"),
        ("4.2", "Understanding the needs and expectations of interested parties"),
        ("4.3", "Determining the scope of the AI management system"),
        ("4.4", "AI management system"),
        ("5", "Leadership"),
        ("5.1", "Leadership and commitment"),
        ("5.2", "AI policy"),
        ("5.3", "Roles, responsibilities and authorities"),
        ("6", "Planning"),
        ("6.1", "Actions to address risks and opportunities"),
        ("6.1.1", "General"),
        ("6.1.2", "AI risk assessment"),
        ("6.1.3", "AI risk treatment"),
        ("6.1.4", "AI system impact assessment"),
        ("6.2", "AI objectives and planning to achieve them"),
        ("6.3", "Planning of changes"),
        ("7", "Support"),
        ("7.1", "Resources"),
        ("7.2", "Competence"),
        ("7.3", "Awareness"),
        ("7.4", "Communication"),
        ("7.5", "Documented information"),
        ("7.5.1", "General"),
        ("7.5.2", "Creating and updating documented information"),
        ("7.5.3", "Control of documented information"),
        ("8", "Operation"),
        ("8.1", "Operational planning and control"),
        ("8.2", "AI risk assessment"),
        ("8.3", "AI risk treatment"),
        ("8.4", "AI system impact assessment"),
        ("9", "Performance evaluation"),
        ("9.1", "Monitoring, measurement, analysis and evaluation"),
        ("9.2", "Internal audit"),
        ("9.2.1", "General"),
        ("9.2.2", "Internal audit programme"),
        ("9.3", "Management review"),
        ("9.3.1", "General"),
        ("9.3.2", "Management review inputs"),
        ("9.3.3", "Management review results"),
        ("10", "Improvement"),
        ("10.1", "Continual improvement"),
        ("10.2", "Nonconformity and corrective action"),
    ];

    private static readonly (string Id, string Title, (string Id, string Title)[] Controls)[] AnnexData =
    [
        ("A.2", "Policies related to AI",
        [
            ("A.2.2", "AI policy"),
            ("A.2.3", "Alignment with other organizational policies"),
            ("A.2.4", "Review of the AI policy"),
        ]),
        ("A.3", "Internal organization",
        [
            ("A.3.2", "AI roles and responsibilities"),
            ("A.3.3", "Reporting of concerns"),
        ]),
        ("A.4", "Resources for AI systems",
        [
            ("A.4.2", "Resource documentation"),
            ("A.4.3", "Data resources"),
            ("A.4.4", "Tooling resources"),
            ("A.4.5", "System and computing resources"),
            ("A.4.6", "Human resources"),
        ]),
        ("A.5", "Assessing impacts of AI systems",
        [
            ("A.5.2", "AI system impact assessment process"),
            ("A.5.3", "Documentation of AI system impact assessments"),
            ("A.5.4", "Assessing AI system impact on individuals or groups of individuals"),
            ("A.5.5", "Assessing societal impacts of AI systems"),
        ]),
        ("A.6", "AI system life cycle",
        [
            ("A.6.1.2", "Objectives for responsible development of AI system"),
            ("A.6.1.3", "Processes for responsible AI system design and development"),
            ("A.6.2.2", "AI system requirements and specification"),
            ("A.6.2.3", "Documentation of AI system design and development"),
            ("A.6.2.4", "AI system verification and validation"),
            ("A.6.2.5", "AI system deployment"),
            ("A.6.2.6", "AI system operation and monitoring"),
            ("A.6.2.7", "AI system technical documentation"),
            ("A.6.2.8", "AI system recording of event logs"),
        ]),
        ("A.7", "Data for AI systems",
        [
            ("A.7.2", "Data for development and enhancement of AI system"),
            ("A.7.3", "Acquisition of data"),
            ("A.7.4", "Quality of data for AI systems"),
            ("A.7.5", "Data provenance"),
            ("A.7.6", "Data preparation"),
        ]),
        ("A.8", "Information for interested parties of AI systems",
        [
            ("A.8.2", "System documentation and information for users"),
            ("A.8.3", "External reporting"),
            ("A.8.4", "Communication of incidents"),
            ("A.8.5", "Information for interested parties"),
        ]),
        ("A.9", "Use of AI systems",
        [
            ("A.9.2", "Processes for responsible use of AI systems"),
            ("A.9.3", "Objectives for responsible use of AI system"),
            ("A.9.4", "Intended use of the AI system"),
        ]),
        ("A.10", "Third-party and customer relationships",
        [
            ("A.10.2", "Allocating responsibilities"),
            ("A.10.3", "Suppliers"),
            ("A.10.4", "Customers"),
        ]),
    ];

    /// <summary>The two sub-objectives of A.6 (headings only; their controls belong to A.6).</summary>
    public static IReadOnlyDictionary<string, string> AnnexSubObjectives { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["A.6.1"] = "Management guidance for AI system development",
        ["A.6.2"] = "AI system life cycle",
    };

    /// <summary>Every clause heading and sub-clause of 4-10, in order (top-level clauses and headings like 6.1 included).</summary>
    public static IReadOnlyList<CatalogItem> Clauses { get; } = BuildClauses();

    /// <summary>The 9 Annex A objectives (A.2 .. A.10) with their controls.</summary>
    public static IReadOnlyList<AnnexObjective> Objectives { get; } = [.. AnnexData.Select(o => new AnnexObjective(o.Id, o.Title,
        [.. o.Controls.Select(c => new CatalogItem(c.Id, c.Title, CatalogItemKind.Control, o.Id, ParentOfControl(c.Id, o.Id), true))]))];

    /// <summary>The 38 Annex A controls, in order.</summary>
    public static IReadOnlyList<CatalogItem> Controls { get; } = [.. Objectives.SelectMany(o => o.Controls)];

    /// <summary>The clause ids assessed by the gap analysis: sub-clauses without sub-clauses of their own.</summary>
    public static IReadOnlyList<CatalogItem> AssessableClauses { get; } = [.. Clauses.Where(c => c.IsAssessable)];

    /// <summary>Top-level clause numbers "4" .. "10".</summary>
    public static IReadOnlyList<CatalogItem> ClauseGroups { get; } = [.. Clauses.Where(c => c.ParentId is null)];

    private static readonly Dictionary<string, CatalogItem> ById = Clauses.Concat(Controls).ToDictionary(i => i.Id, StringComparer.Ordinal);

    public static CatalogItem? Find(string? id) => id is not null && ById.TryGetValue(id, out var item) ? item : null;

    public static bool IsControl(string? id) => Find(id)?.Kind == CatalogItemKind.Control;

    /// <summary>Why a list of control ids is not valid (the first id that is no Annex A control), or null when every id is one.</summary>
    public static string? WhyNotControls(IEnumerable<string?>? ids)
    {
        foreach (var id in ids ?? [])
        {
            if (!IsControl(id))
            {
                return $"'{id}' is not an Annex A control id of ISO/IEC 42001.";
            }
        }

        return null;
    }

    public static bool IsClause(string? id) => Find(id)?.Kind == CatalogItemKind.Clause;

    /// <summary>The title of a group: a clause number or an objective id.</summary>
    public static string GroupTitle(string group) =>
        Find(group)?.Title ?? Objectives.FirstOrDefault(o => o.Id == group)?.Title ?? group;

    private static List<CatalogItem> BuildClauses()
    {
        var ids = ClauseData.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. ClauseData.Select(c =>
            {
                var dot = c.Id.LastIndexOf('.');
                var parent = dot < 0 ? null : c.Id[..dot];
                var group = dot < 0 ? c.Id : c.Id[..c.Id.IndexOf('.', StringComparison.Ordinal)];
                var hasChildren = ids.Any(other => other.StartsWith(c.Id + ".", StringComparison.Ordinal));
                return new CatalogItem(c.Id, c.Title, CatalogItemKind.Clause, group, parent, parent is not null && !hasChildren);
            }),
        ];
    }

    private static string ParentOfControl(string id, string objective)
    {
        var dot = id.LastIndexOf('.');
        var parent = id[..dot];
        return AnnexSubObjectives.ContainsKey(parent) ? parent : objective;
    }
}
