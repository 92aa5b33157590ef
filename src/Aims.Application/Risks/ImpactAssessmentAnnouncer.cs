using Aims.Application.Proactive;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Risks;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Risks;

/// <summary>
/// Announces impact assessment steps from the queue: a submitted assessment reaches its independent reviewers (AIMS managers,
/// or top management when none is independent); a decision replaces every copy, tells the submitter, and refreshes the cards
/// of the system's waiting life cycle gates, whose criteria read the assessment.
/// </summary>
public sealed class ImpactAssessmentAnnouncer(
    ImpactAssessmentService service,
    IAiSystemRegistry systems,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    CardCopies cards,
    Lifecycle.LifecycleService lifecycle,
    WorkspaceLinks links,
    ILogger<ImpactAssessmentAnnouncer> logger) : Work.IDecisionAnnouncer
{
    public const string KindName = "assessment";

    public string Kind => KindName;

    public static string KeyOf(ImpactAssessment assessment) => $"{assessment?.Revision}:{assessment?.State}";

    public static string Subject(string id) => $"impact-assessment:{id}";

    public async Task AnnounceAsync(Work.DecisionAnnouncement announcement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(announcement);
        var current = await service.Store.GetAsync(announcement.SubjectId, cancellationToken);
        if (current is null || KeyOf(current.Assessment) != announcement.DecisionKey)
        {
            logger.LogInformation("Impact assessment {AssessmentId} step {DecisionKey} is gone or superseded; not announced", announcement.SubjectId, announcement.DecisionKey);
            return;
        }

        var a = current.Assessment;
        var system = (await systems.GetAsync(a.AiSystemId, cancellationToken))?.System;
        var name = system?.Name ?? a.AiSystemId;
        var subject = Subject(a.Id);
        var key = announcement.IdempotencyKey;
        if (a.State == AssessmentState.Submitted)
        {
            foreach (var reviewer in await ReviewersAsync(a, system, cancellationToken))
            {
                await cards.SendOnceAsync(subject, key, reviewer, ImpactAssessmentCard.Create(a, name, canDecide: true, links), cancellationToken, key);
            }

            return;
        }

        await cards.UpdateAllAsync(subject, ImpactAssessmentCard.Create(a, name, canDecide: false, links), cancellationToken, key);
        if (a.SubmittedBy is { } submitter && a.State is AssessmentState.Approved or AssessmentState.Rejected)
        {
            await cards.SendOnceAsync(subject, key + ":outcome", submitter, ImpactAssessmentCard.Create(a, name, canDecide: false, links, $"Your impact assessment {a.Id} was {a.State.ToString().ToLowerInvariant()} by {a.DecidedByName}."), cancellationToken, key);
        }

        if (a.State == AssessmentState.Approved)
        {
            await lifecycle.RefreshOpenGateCardsAsync(a.AiSystemId, key, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<string>> ReviewersAsync(ImpactAssessment a, AiSystem? system, CancellationToken cancellationToken)
    {
        var excluded = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { a.SubmittedBy ?? string.Empty, a.CreatedBy ?? string.Empty, system?.Details.OwnerObjectId ?? string.Empty };
        foreach (var role in new[] { AimsRole.AimsManager, AimsRole.TopManagement })
        {
            var members = await directory.GetRoleMembersAsync(roleGroups, role, Teams.Cards.CardRefresh.MaxUserIds + excluded.Count, cancellationToken);
            var independent = members.Select(m => m.ObjectId).Where(m => !excluded.Contains(m)).Take(Teams.Cards.CardRefresh.MaxUserIds).ToList();
            if (independent.Count > 0)
            {
                return independent;
            }
        }

        logger.LogWarning("Impact assessment {AssessmentId} has no independent reviewer in the directory", a.Id);
        return [];
    }
}
