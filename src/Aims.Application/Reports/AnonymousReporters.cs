using Aims.Core.Identity;
using Aims.Core.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reports;

/// <summary>Section <c>Reports:AnonymousReporters</c>: what is kept of an anonymous reporter, and who may read it.</summary>
public sealed class AnonymousReporterOptions
{
    public const string SectionName = "Reports:AnonymousReporters";

    /// <summary><c>Encrypted</c> (default: readable by <see cref="ReaderRole"/> only, each reading is evidence) or <c>None</c>.</summary>
    public AnonymousIdentityKeeping Keep { get; set; } = AnonymousIdentityKeeping.Encrypted;

    /// <summary>The one role that may reveal an anonymous reporter (an explicit, audited action).</summary>
    public AimsRole ReaderRole { get; set; } = AimsRole.AimsManager;
}

/// <summary>
/// What an anonymous report keeps of its reporter, and the card's honest account of it. The report row never holds the
/// reporter's object id or name in plain text: with <see cref="AnonymousIdentityKeeping.Encrypted"/> (and a key) it holds
/// them encrypted plus a keyed hash of the object id (so the reporter still sees the report as theirs); with
/// <see cref="AnonymousIdentityKeeping.None"/>, or when no key is configured, it holds nothing at all.
/// </summary>
public sealed class AnonymousReporters
{
    private readonly IReporterIdentityProtector? _protector;

    public AnonymousReporters(IEnumerable<IReporterIdentityKeySource> keys, IOptions<AnonymousReporterOptions> options, ILogger<AnonymousReporters> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ReaderRole = options.Value.ReaderRole;
        if (options.Value.Keep == AnonymousIdentityKeeping.Encrypted)
        {
            if (keys.LastOrDefault() is { } key)
            {
                _protector = new AesGcmReporterIdentityProtector(key);
            }
            else
            {
                logger.LogWarning("No reporter identity key is configured (Reports:AnonymousReporters:KeyId): anonymous reports keep no identity at all");
            }
        }
    }

    /// <summary>Whether an anonymous report keeps its reporter (encrypted) for follow-up.</summary>
    public bool KeepsIdentity => _protector is not null;

    public AimsRole ReaderRole { get; }

    /// <summary>Who may reveal an anonymous reporter, as a person reads it ("the AIMS managers").</summary>
    public string Readers => Describe(ReaderRole);

    public IReporterIdentityProtector Protector => _protector ?? throw new InvalidOperationException("Anonymous reports keep no reporter identity here.");

    /// <summary>What the report form promises, truthfully for this configuration.</summary>
    public string Promise => KeepsIdentity
        ? $"If you report anonymously, your name is in no evidence, audit pack, list or card that anyone else sees. The app keeps your identity with the report only encrypted, so that you can follow it; only {Describe(ReaderRole)} can decrypt it, as a deliberate step that is itself recorded as evidence."
        : "If you report anonymously, the app keeps nothing that identifies you: nobody, not even the AIMS managers, can learn who sent it, and you cannot follow it up or be asked about it.";

    /// <summary>The form's toggle, truthful for this configuration.</summary>
    public string ToggleTitle => KeepsIdentity ? $"Report anonymously (identity kept encrypted, readable only by {Describe(ReaderRole)})" : "Report anonymously (no identity kept)";

    private static string Describe(AimsRole role) => role switch
    {
        AimsRole.AimsManager => "the AIMS managers",
        AimsRole.TopManagement => "top management",
        AimsRole.Auditor => "the auditors",
        AimsRole.RiskOwner => "the risk owners",
        _ => "staff",
    };

    /// <summary>An anonymous report as stored: no plain identity; sealed with a lookup hash when identity is kept.</summary>
    public async Task<NonconformityReport> ProtectAsync(NonconformityReport report, string objectId, string displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var blanked = report with { ReporterObjectId = NonconformityReport.AnonymousMarker, ReporterName = NonconformityReport.AnonymousMarker, SealedReporter = null, ReporterLookup = null };
        return _protector is null
            ? blanked
            : blanked with
            {
                SealedReporter = await _protector.SealAsync(report.Id, objectId, displayName, cancellationToken),
                ReporterLookup = await _protector.LookupAsync(objectId, cancellationToken),
            };
    }

    /// <summary>The viewer's lookup hash (null when no identity is kept): compare with <see cref="NonconformityReport.IsReporter"/>.</summary>
    public async Task<string?> LookupAsync(string viewerObjectId, CancellationToken cancellationToken) =>
        _protector is null ? null : await _protector.LookupAsync(viewerObjectId, cancellationToken);
}
