using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Risks;
using Aims.Core.Soa;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Register;

/// <summary>
/// Approve on the SoA approval card: by top management only (the validated invoke's identity), only what the card showed (its
/// fingerprint against the live changes), never by someone who edited the SoA since the last version (the service refuses).
/// </summary>
public sealed class SoaCardActions(SoaService soa, ISoaStore store, RoleResolver roles, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "soa.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Verb != SoaApprovalCard.VerbApprove)
        {
            throw new CardActionException($"'{context.Verb}' is not an action of SoA cards.");
        }

        var ct = context.Turn.CancellationToken;
        var data = context.Bind<SoaApprovalData>();
        await roles.RequireAsync(context.Actor.ObjectId, [AimsRole.TopManagement], "approve the Statement of Applicability", ct);
        var diff = await soa.ChangesAsync(null, ct);
        if (diff.Changes.Count == 0 && (await store.ListVersionsAsync(ct)).MaxBy(v => v.Version) is { } latest)
        {
            return SoaApprovalCard.Approved(latest, links, "Nothing was changed: this version is already approved.");
        }

        if (!string.Equals(SoaService.Fingerprint(diff), data.Fingerprint, StringComparison.Ordinal))
        {
            return SoaApprovalCard.Create(diff, canApprove: true, links,
                "Nothing was approved: the SoA changed since this card was sent. These are the changes now; approve them if they are right.");
        }

        try
        {
            var version = await soa.ApproveAsync(context.Actor, ct);
            return SoaApprovalCard.Approved(version, links);
        }
        catch (WorkflowRefusedException ex)
        {
            return SoaApprovalCard.Create(diff, canApprove: false, links, "Not allowed: " + ex.Message);
        }
    }
}
