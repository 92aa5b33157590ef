using Aims.Application.Demo;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Aims.Core.Training;

namespace Aims.Application.Training;

/// <summary>
/// The demo organisation's training: "AI literacy 2026 (EU AI Act Art. 4)" launched to g-staff with four attestations done (the
/// others pending: type <c>training</c> to get the card), and a draft campaign. Idempotent: fixed ids, skipped when present.
/// </summary>
public sealed class TrainingDemoSeed(
    ITrainingCampaignStore campaigns,
    ITrainingAssignmentStore assignments,
    ITrainingAttestationStore attestations,
    TrainingService training,
    IEvidenceStore evidence,
    TimeProvider time) : IDemoSeed
{
    public const string LiteracyId = "demo-ai-literacy-2026";
    public const string DraftId = "demo-prompt-safety-2026";
    private static readonly string[] Attested =
    [
        "00000000-0000-0000-0000-0000000000021", "00000000-0000-0000-0000-0000000000023",
        "00000000-0000-0000-0000-0000000000024", "00000000-0000-0000-0000-0000000000025",
    ];

    public string Name => "training";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (await campaigns.GetAsync(LiteracyId, cancellationToken) is null)
        {
            var created = await training.CreateAsync(new CampaignRequest(
                "AI literacy 2026 (EU AI Act Art. 4)",
                "What AI systems we use, what they can and cannot do, how to spot wrong or biased output, and when to ask a person. About 45 minutes.",
                "https://learn.contoso.example/courses/ai-literacy-2026",
                "AI literacy e-learning", "2026.1", null,
                "I have completed the AI literacy 2026 training, I understand the AI use policy, and I will report AI incidents to the AIMS team.",
                ["g-staff"], null, today.AddDays(30), [14, 3], 7), Actor.System, LiteracyId, cancellationToken);
            var campaign = created.Campaign.Launch(now.AddDays(-7), Actor.System.ObjectId);
            var audience = await training.ResolveAudienceAsync(campaign, cancellationToken);
            campaign = campaign with { Progress = new LaunchProgress(1, audience.Count, campaign.AudienceGroupIds.Count, null, true, now) };
            await campaigns.UpdateAsync(campaign, created.ETag, cancellationToken);
            var rows = new List<TrainingAssignment>();
            foreach (var (user, group) in audience)
            {
                var done = Attested.Contains(user.ObjectId, StringComparer.OrdinalIgnoreCase);
                rows.Add(new TrainingAssignment(campaign.Id, user.ObjectId, user.DisplayName, user.Department, group, campaign.Material.Version,
                    done ? AssignmentStatus.Attested : AssignmentStatus.Pending, null, null, now));
                if (done)
                {
                    var at = now.AddDays(-Array.IndexOf(Attested, user.ObjectId) - 1);
                    var attestation = new TrainingAttestation(campaign.Id, campaign.Material.Version, null, campaign.StatementSha256, user.ObjectId, user.DisplayName, at, false);
                    if (await attestations.TryAddAsync(attestation, cancellationToken))
                    {
                        var item = await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.Attestation, $"training:{campaign.Id}:{user.ObjectId}", new Actor(user.ObjectId, user.DisplayName),
                            TrainingEvidence.Clauses, TrainingEvidence.Controls, campaign.Id, $"{user.DisplayName} attested '{campaign.Title}' (material {campaign.Material.Version})",
                            new { campaignId = campaign.Id, materialVersion = campaign.Material.Version, statementSha256 = campaign.StatementSha256, objectId = user.ObjectId, at, late = false, demo = true },
                            at, RegisterJson.Options), cancellationToken);
                        await attestations.SetEvidenceAsync(attestation, item.Id, cancellationToken);
                    }
                }
            }

            await assignments.UpsertManyAsync(rows, cancellationToken);
            added += 1 + rows.Count;
        }

        if (await campaigns.GetAsync(DraftId, cancellationToken) is null)
        {
            await training.CreateAsync(new CampaignRequest(
                "Prompt safety for data scientists",
                "Prompt injection, data leakage through prompts, and how to test our language-model features against them.",
                "https://learn.contoso.example/courses/prompt-safety",
                "Prompt safety workshop slides", "1.0", new string('a', 64),
                "I have completed the prompt safety training and apply its checklist to every language-model feature I build.",
                ["g-data-science"], null, today.AddDays(60), [7, 1], 5), Actor.System, DraftId, cancellationToken);
            added++;
        }

        return added;
    }
}
