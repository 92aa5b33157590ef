namespace Aims.Core.Catalog;

/// <summary>
/// One external reference mapped to ISO/IEC 42001 clause and control ids. <see cref="Indicative"/> is always true:
/// these are orientation aids from public crosswalks, not legal advice or a conformity claim.
/// </summary>
public sealed record CrosswalkEntry(string Framework, string Reference, string Title, IReadOnlyList<string> Targets, bool Indicative = true);

/// <summary>
/// Crosswalks to ISO/IEC 42001: NIST AI RMF 1.0 (from NIST's published crosswalk) and EU AI Act (Regulation (EU) 2024/1689)
/// articles. All mappings are indicative. Targets are ids of <see cref="Iso42001Catalog"/>.
/// </summary>
public static class Crosswalk
{
    public const string NistAiRmf = "NIST AI RMF 1.0";
    public const string EuAiAct = "EU AI Act";

    public const string Disclaimer =
        "Indicative mappings from public crosswalks, to help find related clauses and controls. They are not legal advice and do not show conformity.";

    public static IReadOnlyList<CrosswalkEntry> NistAiRmfEntries { get; } =
    [
        new(NistAiRmf, "GOVERN 1.1", "Legal and regulatory requirements are understood and managed", ["4.1", "6.2"]),
        new(NistAiRmf, "GOVERN 2.1", "Roles, responsibilities and lines of communication are documented", ["5.3", "7.1", "7.2", "7.3", "7.4"]),
        new(NistAiRmf, "GOVERN 2.2", "Personnel receive AI risk management training", ["7.2"]),
        new(NistAiRmf, "MAP 1.6", "System requirements are elicited and understood", ["A.6.2.2"]),
        new(NistAiRmf, "MAP 2.1", "The specific tasks and methods of the AI system are defined", ["A.6.2.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6"]),
        new(NistAiRmf, "MAP 2.2", "Information about the system's knowledge limits and oversight is documented", ["A.6.2.7"]),
    ];

    public static IReadOnlyList<CrosswalkEntry> EuAiActEntries { get; } =
    [
        new(EuAiAct, "Art. 4", "AI literacy", ["7.2", "7.3", "A.4.6"]),
        new(EuAiAct, "Art. 9", "Risk management system", ["6.1", "6.1.2", "6.1.3", "8.2", "8.3"]),
        new(EuAiAct, "Art. 10", "Data and data governance", ["A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"]),
        new(EuAiAct, "Art. 11", "Technical documentation", ["7.5", "A.6.2.7"]),
        new(EuAiAct, "Art. 12", "Record-keeping", ["A.6.2.8"]),
        new(EuAiAct, "Art. 13", "Transparency and provision of information to deployers", ["A.8.2"]),
        new(EuAiAct, "Art. 14", "Human oversight", ["A.9.2"]),
        new(EuAiAct, "Art. 15", "Accuracy, robustness and cybersecurity", ["A.6.2.4"]),
        new(EuAiAct, "Art. 17", "Quality management system", ["4.4", "A.6.1.3"]),
        new(EuAiAct, "Art. 26", "Obligations of deployers of high-risk AI systems", ["A.9.2", "A.9.4", "A.6.2.6"]),
        new(EuAiAct, "Art. 27", "Fundamental rights impact assessment", ["6.1.4", "A.5.2", "A.5.3", "A.5.4", "A.5.5"]),
        new(EuAiAct, "Art. 72", "Post-market monitoring", ["9.1", "A.6.2.6"]),
        new(EuAiAct, "Art. 73", "Reporting of serious incidents", ["A.8.4"]),
    ];

    public static IReadOnlyList<CrosswalkEntry> All { get; } = [.. NistAiRmfEntries, .. EuAiActEntries];

    /// <summary>External references that map to a clause or control id.</summary>
    public static IReadOnlyList<CrosswalkEntry> For(string id) => [.. All.Where(e => e.Targets.Contains(id, StringComparer.Ordinal))];
}
