using System.Globalization;
using Aims.Application.Proactive;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Soa;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Register;

/// <summary>
/// SoA approval from the queue: a request reaches every member of top management who did not edit the SoA since the last
/// version (while the live changes are still the ones requested); an approval replaces every copy of the request card.
/// </summary>
public sealed class SoaAnnouncer(
    SoaService soa,
    ISoaStore store,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    CardCopies cards,
    WorkspaceLinks links,
    ILogger<SoaAnnouncer> logger) : Work.IDecisionAnnouncer
{
    public string Kind => SoaService.AnnouncementKind;

    public async Task AnnounceAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var key = announcement.IdempotencyKey;
        var step = announcement.DecisionKey.Split(':', 2);
        if (step is ["approved", var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            var version = (await store.ListVersionsAsync(cancellationToken)).FirstOrDefault(v => v.Version == n);
            if (version is not null)
            {
                await cards.UpdateAllAsync(SoaService.CardSubject, SoaApprovalCard.Approved(version, links), cancellationToken, key);
            }

            return;
        }

        var diff = await soa.ChangesAsync(null, cancellationToken);
        if (step is not ["submitted", var fingerprint] || diff.Changes.Count == 0 || SoaService.Fingerprint(diff) != fingerprint)
        {
            logger.LogInformation("SoA approval request {DecisionKey} is superseded; not announced", announcement.DecisionKey);
            return;
        }

        var editors = await soa.EditorsSinceApprovalAsync(cancellationToken);
        var members = await directory.GetRoleMembersAsync(roleGroups, AimsRole.TopManagement, cancellationToken: cancellationToken);
        foreach (var approver in members.Select(m => m.ObjectId).Where(m => !editors.Contains(m)))
        {
            await cards.SendOnceAsync(SoaService.CardSubject, key, approver, SoaApprovalCard.Create(diff, canApprove: true, links), cancellationToken, key);
        }
    }
}
