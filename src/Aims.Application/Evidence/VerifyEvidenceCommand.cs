using System.Globalization;
using Aims.Application.Jobs;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Evidence;

/// <summary><c>verify evidence</c>: re-checks the whole ledger and every item (queued: it reads every blob).</summary>
public sealed class VerifyEvidenceCommand(BotJobQueue jobs, IEvidenceStore evidence) : IBotCommand, IBotJob
{
    public const string JobKind = "verify-evidence";

    public string Name => "verify evidence";

    public string Description => "Check the evidence ledger: every link and every stored item";

    public IReadOnlyCollection<AimsRole> AllowedRoles => EvidenceReaders.Verifiers;

    public string Kind => JobKind;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.EnqueueAsync(new BotJob(JobKind, context.Actor.ObjectId, context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N")), context.Turn.CancellationToken);
        await context.Turn.SendTextAsync("Verifying the evidence ledger. I will post the result here.");
    }

    public async Task<BotJobAnswer> RunAsync(BotJob job, CancellationToken cancellationToken) =>
        LedgerVerificationCard.Create(await evidence.VerifyAsync(cancellationToken));
}

public static class LedgerVerificationCard
{
    public const int MaxProblemsShown = 20;

    public static AdaptiveCard Create(LedgerVerification result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var body = new List<CardElement>
        {
            new TextBlock
            {
                Text = result.IsIntact ? "Evidence ledger intact" : "Evidence ledger: problems found",
                Size = "Large", Weight = "Bolder", Style = "heading", Color = result.IsIntact ? "Good" : "Attention",
            },
            new FactSet
            {
                Facts =
                [
                    new Fact("Entries", result.EntryCount.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Root hash", result.RootHash),
                    new Fact("First broken entry", result.FirstBrokenSequence?.ToString(CultureInfo.InvariantCulture) ?? "none"),
                ],
            },
        };
        if (result.Problems.Count > 0)
        {
            body.Add(new Table
            {
                Columns = [new() { Width = 1 }, new() { Width = 1 }, new() { Width = 3 }],
                FirstRowAsHeader = true,
                Rows =
                [
                    new TableRow { Cells = [Cell("Entry"), Cell("Problem"), Cell("Detail")] },
                    .. result.Problems.Take(MaxProblemsShown).Select(p => new TableRow
                    {
                        Cells = [Cell(p.Sequence.ToString(CultureInfo.InvariantCulture)), Cell(p.Problem.ToString()), Cell(CardText.Truncate(p.Detail, 200))],
                    }),
                ],
            });
            if (result.Problems.Count > MaxProblemsShown)
            {
                body.Add(TextBlock.Plain($"…and {result.Problems.Count - MaxProblemsShown} more. The audit pack's ledger/verification.json lists all.", subtle: true));
            }
        }

        return new AdaptiveCard { FallbackText = result.IsIntact ? "Evidence ledger intact" : "Evidence ledger problems found", Body = body };
    }

    private static TableCell Cell(string text) => new() { Items = [TextBlock.Plain(text)] };
}
