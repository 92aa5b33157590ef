using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Soa;
using Aims.Teams.Cards;

namespace Aims.Application.Register;

/// <summary>
/// The Statement of Applicability awaiting top management's approval (6.1.3): what changed against the last approved version,
/// control by control, and Approve while the card still shows what is live. Once approved, the version and who approved it.
/// </summary>
public static class SoaApprovalCard
{
    public const string VerbApprove = "soa.approve";
    public const int MaxLines = 12;

    public static AdaptiveCard Create(SoaDiff diff, bool canApprove, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(links);
        var against = diff.FromVersion is { } v ? $"approved version {v}" : "no approved version yet";
        var heading = "Statement of Applicability: approval requested";
        var items = new List<CardElement>
        {
            TextBlock.Plain(heading, weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Against", against),
                    new Fact("Controls changed", diff.Changes.Count.ToString(CultureInfo.InvariantCulture)),
                ],
            },
        };
        foreach (var change in diff.Changes.Take(MaxLines))
        {
            items.Add(TextBlock.Plain("• " + CardText.Truncate(SoaDigestChanges.Describe(change), 200)));
        }

        if (diff.Changes.Count > MaxLines)
        {
            items.Add(TextBlock.Plain(string.Create(CultureInfo.InvariantCulture, $"… and {diff.Changes.Count - MaxLines} more: compare the versions in the workspace."), subtle: true));
        }

        items.Add(TextBlock.Plain("You approve the whole SoA as it stands now; it is recorded as a new version (evidence, 6.1.3). Someone who edited it since the last version does not approve it.", subtle: true));
        return Finish(new AdaptiveCard { FallbackText = heading, Body = items }, notice, canApprove ? SoaService.Fingerprint(diff) : null, links);
    }

    public static AdaptiveCard Approved(SoaVersion version, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(links);
        var heading = string.Create(CultureInfo.InvariantCulture, $"Statement of Applicability version {version.Version} approved");
        var items = new List<CardElement>
        {
            TextBlock.Plain(heading, weight: "Bolder", size: "Large", color: "Good"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Approved by", version.ApprovedByName),
                    new Fact("On", version.ApprovedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"),
                    new Fact("Applicable controls", string.Create(CultureInfo.InvariantCulture, $"{version.Applicable}, {version.Implemented} implemented")),
                    new Fact("Evidence", version.EvidenceId),
                ],
            },
        };
        return Finish(new AdaptiveCard { FallbackText = heading, Body = items }, notice, null, links);
    }

    private static AdaptiveCard Finish(AdaptiveCard card, string? notice, string? fingerprint, WorkspaceLinks links)
    {
        if (notice is not null)
        {
            card.Body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        if (fingerprint is not null)
        {
            card.Actions = [new ExecuteAction { Title = "Approve", Verb = VerbApprove, Style = "positive", Data = new Dictionary<string, string?> { ["fingerprint"] = fingerprint } }];
        }

        return links.AddTo(card, WorkspaceRoutes.Soa);
    }
}
