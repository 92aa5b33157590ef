using System.Globalization;
using Aims.Application.Demo;
using Aims.Core.Identity;
using Aims.Core.Reviews;

namespace Aims.Application.Reviews;

/// <summary>
/// The demo organisation's review cycles (quarterly risk register review of every AI system, yearly AI policy review) and one
/// planned internal audit of risk management by Isaiah Langer (Auditor), auditee Alex Wilber. Fixed ids: a second start adds nothing.
/// </summary>
public sealed class ReviewDemoSeed(IReviewCycles cycles, IInternalAudits audits, InternalAuditService auditService, TimeProvider time) : IDemoSeed
{
    public const string RiskCycleId = "RC-demo-risk-register";
    public const string PolicyCycleId = "RC-demo-ai-policy";
    public const string AuditId = "IA-demo-1";
    private const string Alex = "00000000-0000-0000-0000-0000000000020";
    private const string Isaiah = "00000000-0000-0000-0000-0000000000023";

    public string Name => "reviews";

    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var added = 0;
        added += await cycles.TryAddCycleAsync(new ReviewCycle(RiskCycleId, "Quarterly risk register review", ReviewKind.RiskRegisterReview, "P3M", null, null, AimsRole.RiskOwner, 21, now, Actor.System.ObjectId), cancellationToken) ? 1 : 0;
        added += await cycles.TryAddCycleAsync(new ReviewCycle(PolicyCycleId, "Yearly AI policy review", ReviewKind.AiPolicyReview, "P1Y", null, null, AimsRole.AimsManager, 30, now, Actor.System.ObjectId), cancellationToken) ? 1 : 0;
        if (await audits.GetAsync(AuditId, cancellationToken) is null)
        {
            var planned = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await auditService.PlanAsync(new InternalAuditInput("Risk management and AI system impact (6.1, A.5)", ["6.1", "A.5"], planned, Isaiah, Alex), Actor.System, cancellationToken, AuditId);
            added++;
        }

        return added;
    }
}
