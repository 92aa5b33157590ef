using System.Globalization;
using Aims.Core.Context;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Records;
using Aims.Core.Register;
using Aims.Core.Reviews;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Context;

/// <summary>An issue as the API receives it.</summary>
public sealed record IssueRequest(string? Title, ContextOrigin? Origin, IssueCategory? Category, string? Description, string? EffectOnAims, bool? Active);

/// <summary>An interested party as the API receives it.</summary>
public sealed record PartyRequest(string? Name, ContextOrigin? Origin, IReadOnlyList<string>? Needs, IReadOnlyList<string>? AddressedByAims, bool? Active);

/// <summary>The scope statement as the API receives it.</summary>
public sealed record ScopeRequest(string? Statement, IReadOnlyList<ScopeBoundary?>? Boundaries);

/// <summary>The whole context register (4.1, 4.2, 4.3).</summary>
public sealed record ContextRegisterView(IReadOnlyList<ContextIssue> Issues, IReadOnlyList<InterestedParty> InterestedParties, AimsScope? Scope);

/// <summary>
/// The context of the organisation (4.1), its interested parties (4.2) and the AIMS scope (4.3, 4.4), edited by an AIMS manager.
/// Every change is evidence and goes to a change log that the management review digest reads (9.3.2 b, c).
/// </summary>
public sealed class ContextService(
    IRecordStore<ContextIssue> issues,
    IRecordStore<InterestedParty> parties,
    IRecordStore<AimsScope> scope,
    IRecordStore<ContextChange> changes,
    IEvidenceStore evidence,
    RoleResolver roles,
    TimeProvider time,
    ILogger<ContextService> logger) : IInterestedPartyChangesSource
{
    public static EvidenceKind Kind { get; } = EvidenceKind.ContextChange;

    /// <summary>How many changes the digest lists at most (the rest are counted).</summary>
    public const int MaxDigestLines = 15;

    public async Task<ContextRegisterView> GetAsync(CancellationToken cancellationToken)
    {
        var i = new List<ContextIssue>();
        await foreach (var v in issues.ListAsync(cancellationToken)) i.Add(v.Value);
        var p = new List<InterestedParty>();
        await foreach (var v in parties.ListAsync(cancellationToken)) p.Add(v.Value);
        var s = await scope.GetAsync(AimsScope.RecordId, cancellationToken);
        return new ContextRegisterView(i, p, s?.Value);
    }

    public async Task<Versioned<ContextIssue>> SaveIssueAsync(string? id, IssueRequest r, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        await RequireManagerAsync(actor, cancellationToken);
        RecordValidationException.ThrowIfAny(ContextValidator.ValidateIssue(r.Title, r.Origin, r.Category, r.Description, r.EffectOnAims));
        var now = time.GetUtcNow();
        var issue = new ContextIssue(id ?? string.Empty, r.Title!.Trim(), r.Origin!.Value, r.Category!.Value, r.Description!.Trim(), Clean(r.EffectOnAims), r.Active ?? true, now, actor.ObjectId);
        var (stored, action) = await SaveAsync(issues, "CI", id, issue, (x, newId) => x with { Id = newId }, ifMatch, cancellationToken);
        var text = $"{(stored.Value.Origin == ContextOrigin.External ? "External" : "Internal")} issue {stored.Value.Id} {action}: {stored.Value.Title}{(stored.Value.Active ? string.Empty : " (no longer relevant)")}";
                // 6.1.1: planning considers the issues of 4.1 when it determines risks and opportunities (the effect on the AIMS).
        await RecordAsync(ContextArea.Issue, stored.Value.Id, action, text, ["4.1", "6.1.1"], stored.Value, actor, now, cancellationToken);
        return stored;
    }

    public async Task<Versioned<InterestedParty>> SavePartyAsync(string? id, PartyRequest r, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        await RequireManagerAsync(actor, cancellationToken);
        RecordValidationException.ThrowIfAny(ContextValidator.ValidateParty(r.Name, r.Origin, r.Needs, r.AddressedByAims));
        var now = time.GetUtcNow();
        var party = new InterestedParty(id ?? string.Empty, r.Name!.Trim(), r.Origin!.Value, [.. r.Needs!.Select(n => n.Trim())], [.. (r.AddressedByAims ?? []).Select(n => n.Trim())], r.Active ?? true, now, actor.ObjectId);
        var (stored, action) = await SaveAsync(parties, "IP", id, party, (x, newId) => x with { Id = newId }, ifMatch, cancellationToken);
        var text = $"Interested party {stored.Value.Id} {action}: {stored.Value.Name} ({stored.Value.Needs.Count} needs, {stored.Value.AddressedByAims.Count} addressed by the AIMS)";
        await RecordAsync(ContextArea.InterestedParty, stored.Value.Id, action, text, ["4.2"], stored.Value, actor, now, cancellationToken);
        return stored;
    }

    public async Task<Versioned<AimsScope>> SaveScopeAsync(ScopeRequest r, string? ifMatch, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        await RequireManagerAsync(actor, cancellationToken);
        RecordValidationException.ThrowIfAny(ContextValidator.ValidateScope(r.Statement, r.Boundaries));
        var now = time.GetUtcNow();
        var boundaries = (r.Boundaries ?? []).Select(b => b! with { Name = b.Name.Trim(), Reason = b.Reason.Trim() }).ToList();
        var value = new AimsScope(r.Statement!.Trim(), boundaries, now, actor.ObjectId);
        var (stored, action) = await SaveAsync(scope, string.Empty, AimsScope.RecordId, value, (x, _) => x, ifMatch, cancellationToken, createIfMissing: true);
        var text = string.Create(CultureInfo.InvariantCulture, $"AIMS scope {action}: {boundaries.Count(b => b.Included)} elements in scope, {boundaries.Count(b => !b.Included)} out of scope");
                // Changing the scope is a change to the AIMS itself, made in a planned and recorded way (6.3).
        await RecordAsync(ContextArea.Scope, AimsScope.RecordId, action, text, action == "changed" ? ["4.3", "4.4", "6.3"] : ["4.3", "4.4"], stored.Value, actor, now, cancellationToken);
        return stored;
    }

    /// <summary>The change log, newest first, back to <paramref name="since"/> (exclusive).</summary>
    public async Task<IReadOnlyList<ContextChange>> ChangesAsync(DateTimeOffset? since, int max, CancellationToken cancellationToken)
    {
        var list = new List<ContextChange>();
        await foreach (var change in changes.ListAsync(cancellationToken))
        {
            if ((since is { } s && change.Value.At <= s) || list.Count >= max)
            {
                break;
            }

            list.Add(change.Value);
        }

        return list;
    }

    /// <summary>For the digest: one line per change since the last review (9.3.2 b, c), newest first.</summary>
    public async Task<IReadOnlyList<string>> ChangesSinceAsync(DateTimeOffset? since, CancellationToken cancellationToken = default)
    {
        var list = await ChangesAsync(since, MaxDigestLines + 1, cancellationToken);
        var lines = list.Take(MaxDigestLines).Select(c => $"{c.At.UtcDateTime:yyyy-MM-dd}: {c.Summary} ({c.ByName})").ToList();
        if (list.Count > MaxDigestLines)
        {
            lines.Add("More changes: see GET /api/context/changes.");
        }

        return lines;
    }

    private async Task RequireManagerAsync(Actor actor, CancellationToken cancellationToken) =>
        await roles.RequireAsync(actor.ObjectId, [AimsRole.AimsManager], "edit the context register", cancellationToken);

    private static async Task<(Versioned<T> Stored, string Action)> SaveAsync<T>(
        IRecordStore<T> store, string prefix, string? id, T value, Func<T, string, T> withId, string? ifMatch, CancellationToken cancellationToken, bool createIfMissing = false)
        where T : class
    {
        if (id is null)
        {
            var newId = await store.NextIdAsync(prefix, cancellationToken);
            return (await store.TryAddAsync(newId, withId(value, newId), cancellationToken)
                ?? throw new ConcurrencyConflictException($"'{newId}' exists already; try again."), "added");
        }

        var current = await store.GetAsync(id, cancellationToken);
        if (current is null)
        {
            if (!createIfMissing) throw new KeyNotFoundException($"No entry '{id}' in the context register.");
            return (await store.TryAddAsync(id, value, cancellationToken) ?? throw new ConcurrencyConflictException($"'{id}' was created by someone else meanwhile."), "set");
        }

        if (ifMatch is { Length: > 0 } && !ETags.Same(ifMatch, current.ETag))
        {
            throw new ConcurrencyConflictException($"'{id}' was changed by someone else since you read it.");
        }

        return (await store.ReplaceAsync(id, withId(value, id), current.ETag, cancellationToken), "changed");
    }

    private async Task RecordAsync<T>(ContextArea area, string itemId, string action, string summary, string[] clauses, T payload, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = summary.Length <= 900 ? summary : summary[..900] + "…";
        var item = await evidence.RecordAsync(NewEvidence.FromJson(Kind, $"context:{area.ToString().ToLowerInvariant()}:{itemId}", actor.ForEvidence(), clauses, [], itemId, text, payload, now, RegisterJson.Options), cancellationToken);
        // Newest first in id order: inverted time, then the inverted sequence number, so changes within one tick keep their order.
        var sequence = long.Parse((await changes.NextIdAsync("seq", cancellationToken))[4..], CultureInfo.InvariantCulture);
        var changeId = (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + (long.MaxValue - sequence).ToString("D19", CultureInfo.InvariantCulture);
        await changes.TryAddAsync(changeId, new ContextChange(changeId, area, itemId, action, text, now, actor.ObjectId, actor.ForEvidence().DisplayName, item.Id), cancellationToken);
        logger.LogInformation("Context register {Area} {ItemId} {Action} by {ObjectId}; evidence {EvidenceId}", area, itemId, action, actor.ObjectId, item.Id);
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
