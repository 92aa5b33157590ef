using Aims.Application.Http;
using Aims.Application.Jobs;
using Aims.Core.Identity;
using Aims.Infrastructure.Exports;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.AspNetCore.Http;

namespace Aims.Application.Evidence;

/// <summary>Who may export the audit pack.</summary>
internal static class AuditPackExporters
{
    public static readonly AimsRole[] Roles = [AimsRole.AimsManager, AimsRole.Auditor];
}

/// <summary><c>GET /api/audit-pack</c>: the audit pack as a zip download.</summary>
public sealed class AuditPackHandler(AuditPackExporter exporter, TimeProvider time) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A temporary file keeps memory flat for large packs and lets the zip writer seek; it is deleted when the response ends.
        var file = AuditPackFiles.CreateTemporary();
        await exporter.WriteAsync(file, request.Aborted);
        file.Position = 0;
        return Results.Stream(file, "application/zip", AuditPackFiles.FileName(time.GetUtcNow()));
    }
}

/// <summary><c>GET /api/audit-pack/signing-key</c> (anyone): the public key packs are signed with; it is public by nature.</summary>
public sealed class PackSigningKeyHandler(IEnumerable<Core.Evidence.IPackSigner> signers) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (signers.LastOrDefault() is not { } signer)
        {
            return ApiProblems.Status(StatusCodes.Status503ServiceUnavailable, "No audit pack signing key is configured (AuditPack:SigningKeyId).");
        }

        var key = await signer.GetPublicKeyAsync(request.Aborted);
        return Results.Json(key.ToJwk());
    }
}

internal static class AuditPackFiles
{
    public static FileStream CreateTemporary() =>
        new(Path.Combine(Path.GetTempPath(), "aims-audit-" + Guid.NewGuid().ToString("N") + ".zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    public static string FileName(DateTimeOffset at) => $"aims-audit-pack-{at:yyyyMMdd-HHmmss}.zip";
}

/// <summary><c>audit pack</c>: queues the export (it can take longer than Teams' 15 s) and answers when the link is ready.</summary>
public sealed class AuditPackCommand(BotJobQueue jobs) : IBotCommand
{
    public string Name => "audit pack";

    public string Description => "Export the audit pack (evidence by clause and control, ledger, registers) as a zip";

    public IReadOnlyCollection<AimsRole> AllowedRoles => AuditPackExporters.Roles;

    public async Task HandleAsync(CommandContext context, string arguments)
    {
        ArgumentNullException.ThrowIfNull(context);
        await jobs.EnqueueAsync(new BotJob(AuditPackJob.JobKind, context.Actor.ObjectId, context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N")), context.Turn.CancellationToken);
        await context.Turn.SendTextAsync("Preparing the audit pack. I will send you a download link here when it is ready.");
    }
}

/// <summary>Builds the audit pack, stores it in the exports container, and answers with a one-hour download link.</summary>
public sealed class AuditPackJob(AuditPackExporter exporter, BlobExportStore exports, TimeProvider time) : IBotJob
{
    public const string JobKind = "audit-pack";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    public string Kind => JobKind;

    public async Task<BotJobAnswer> RunAsync(BotJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var file = AuditPackFiles.CreateTemporary();
        var summary = await exporter.WriteAsync(file, cancellationToken);
        file.Position = 0;
        var link = await exports.UploadAsync($"audit-packs/{now:yyyy/MM}/{AuditPackFiles.FileName(now)}", file, "application/zip", LinkLifetime, cancellationToken);
        return AuditPackReadyCard.Create(summary, link, now + LinkLifetime);
    }
}

public static class AuditPackReadyCard
{
    public static AdaptiveCard Create(AuditPackSummary summary, Uri link, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new AdaptiveCard
        {
            FallbackText = "Your audit pack is ready",
            Body =
            [
                TextBlock.Heading("Audit pack ready"),
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Evidence items", summary.EvidenceItems.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact("Ledger", summary.LedgerIntact ? "intact" : "PROBLEMS FOUND: see ledger/verification.json"),
                        new Fact("Root hash", summary.RootHash),
                        new Fact("Registers", summary.Registers.Count == 0 ? "none yet" : string.Join(", ", summary.Registers)),
                        new Fact("Link expires", expires.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
                    ],
                },
            ],
            Actions = [new OpenUrlAction { Title = "Download the zip", Url = link.AbsoluteUri }],
        };
    }
}
