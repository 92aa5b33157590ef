using System.Globalization;
using System.Text;
using System.Text.Json;
using Aims.Application.Proactive;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Reviews;
using Aims.Core.Risks;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aims.Application.Reviews;

/// <summary>Settings of the management review (section <c>ManagementReview</c>).</summary>
public sealed class ManagementReviewOptions
{
    /// <summary>A channel or group chat to post the digest to (with <see cref="ServiceUrl"/>); empty: 1:1 to every top management member.</summary>
    public string? ConversationId { get; set; }

    public string? ServiceUrl { get; set; }
}

/// <summary>The outcome of sending a digest.</summary>
public sealed record DigestRun(ManagementReviewDigest Digest, int Delivered, int Unreachable, string CardEvidenceId, string HtmlEvidenceId);

/// <summary>
/// Management review (clause 9.3): builds the digest, archives it as evidence (card JSON and readable HTML), sends it to top
/// management (a configured conversation, or 1:1 to each member), tracks every copy, and records each leadership response
/// (9.3.3) as a tracked item and as evidence, then updates every copy of the card.
/// </summary>
public sealed class ManagementReviewService(
    DigestBuilder builder,
    IDigestArchive archive,
    ILeadershipItems items,
    Aims.Core.Records.IRecordStore<ManagementReviewRecord> reviews,
    IEvidenceStore evidence,
    CardCopies copies,
    IConnectorClient connector,
    ITrustedServiceUrls trusted,
    ICardMessageLog cards,
    IDirectoryClient directory,
    RoleGroupOptions roleGroups,
    RoleResolver roles,
    RiskMatrix matrix,
    Evidence.EvidenceSettlement settlement,
    Work.DecisionAnnouncements announcements,
    Evidence.TimestampAuthorityClient timestamps,
    IOptions<ManagementReviewOptions> options,
    TimeProvider time,
    WorkspaceLinks links,
    ILogger<ManagementReviewService> logger)
{
    public static readonly string[] Clauses = ["9.3", "9.3.2"];
    public static readonly string[] OutcomeClauses = ["9.3", "9.3.3"];

    /// <summary>A response of top management on the digest also shows its leadership and commitment (5.1).</summary>
    public static readonly string[] LeadershipClauses = ["5.1", "9.3", "9.3.3"];
    public const int MaxOwnerChoices = 50;

    public static string Subject(string digestId) => $"management-review:{digestId}";

    public async Task<DigestRun> SendAsync(Actor requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestedBy);
        // The owners offered on the card are kept with the digest: rebuilding its card after a press asks the directory nothing.
        var o = options.Value;
        var toChannel = !string.IsNullOrWhiteSpace(o.ConversationId) && Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out _);
        // The leaders are kept with the digest too: every copy's refresh names them, so each sees the buttons only they may press.
        var leaders = await TopManagementAsync(cancellationToken);
        var digest = await builder.BuildAsync(requestedBy.DisplayName, cancellationToken) with { OwnerChoices = await OwnerPeopleAsync(cancellationToken), TopManagement = leaders };
        // The anchored root timestamped too (when an authority is configured): the archive and its page keep the token.
        if (digest.Ledger is { } head && await timestamps.TimestampRootAsync(head.RootHash, cancellationToken) is { } stamp)
        {
            digest = digest with { LedgerTimestamp = stamp };
        }

        await archive.SaveAsync(digest, cancellationToken);
        var names = await NamesAsync(digest, [], cancellationToken);
        var owners = Choices(digest.OwnerChoices!);
        var review = new DigestReviewView(null, await OpenOpportunitiesAsync(cancellationToken));
        var card = ManagementReviewDigestCard.Build(digest, matrix, [], owners, names, links, withActions: true, review: review);
        var subject = Subject(digest.Id);
        var cardItem = await evidence.RecordAsync(new NewEvidence(
            EvidenceKind.ManagementReviewDigest, subject, requestedBy, Clauses, [], digest.Id,
            $"Management review digest {digest.Id} (card): {digest.Risks.Total} risks, {digest.PreviousActions.Open + digest.PreviousActions.Overdue} open actions, {digest.Reports.Open} open reports",
            JsonSerializer.SerializeToUtf8Bytes(card, CardJson.Options), "application/vnd.microsoft.card.adaptive+json"), cancellationToken);
        var htmlItem = await evidence.RecordAsync(new NewEvidence(
            EvidenceKind.ManagementReviewDigest, subject, requestedBy, Clauses, [], digest.Id,
            $"Management review digest {digest.Id} (readable page)",
            Encoding.UTF8.GetBytes(DigestHtml.Render(digest, matrix, names)), "text/html; charset=utf-8"), cancellationToken);

        int delivered = 0, unreachable = 0;
        var refreshIds = await copies.TeamsIdsAsync(leaders, cancellationToken);
        if (toChannel && o.ConversationId is { } conversationId && Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            // Everyone in the channel sees the digest; the leaders' clients refresh it to their view with the buttons.
            var channelCard = ManagementReviewDigestCard.Build(digest, matrix, [], owners, names, links, withActions: false, refreshUserIds: refreshIds, review: review);
            try
            {
                trusted.Trust(serviceUrl);
                var response = await connector.SendToConversationAsync(serviceUrl, conversationId, new Activity
                {
                    Type = ActivityTypes.Message,
                    Conversation = new ConversationAccount { Id = o.ConversationId },
                    Summary = channelCard.FallbackText,
                    Attachments = [new Attachment { ContentType = AdaptiveCard.ContentType, Content = channelCard }],
                }, cancellationToken);
                await cards.RecordAsync(new CardMessage(subject, response.Id ?? string.Empty, o.ConversationId, serviceUrl.ToString(), ConversationRecipient, time.GetUtcNow()), cancellationToken);
                delivered++;
            }
            catch (ConnectorException ex)
            {
                logger.LogWarning(ex, "Digest {DigestId} could not be posted to {ConversationId}", digest.Id, o.ConversationId);
                unreachable++;
            }
        }
        else
        {
            var leaderCard = ManagementReviewDigestCard.Build(digest, matrix, [], owners, names, links, withActions: true, refreshUserIds: refreshIds, review: review);
            foreach (var leader in leaders)
            {
                if (await SendTrackedAsync(subject, leader, leaderCard, cancellationToken))
                {
                    delivered++;
                }
                else
                {
                    unreachable++;
                }
            }
        }

        // Recorded with the digest: one that reached no top management member is not a review (DigestBuilder skips it).
        digest = digest with { DeliveredToTopManagement = delivered };
        await archive.SaveAsync(digest, cancellationToken);
        logger.LogInformation("Management review digest {DigestId} sent: {Delivered} delivered, {Unreachable} unreachable", digest.Id, delivered, unreachable);
        return new DigestRun(digest, delivered, unreachable, cardItem.Id, htmlItem.Id);
    }

    /// <summary>Sends the card of an archived digest to one more person (the requester), as their roles allow, and tracks that copy too.</summary>
    public async Task<DeliveryResult> SendCopyAsync(string digestId, string objectId, string? notice, CancellationToken cancellationToken)
    {
        var card = await CardForAsync(digestId, objectId, notice, cancellationToken);
        return await copies.SendAsync(Subject(digestId), objectId, card, cancellationToken);
    }

    /// <summary>
    /// The digest card as it now stands (with every response so far) for <paramref name="viewerObjectId"/>: Acknowledge, Record
    /// decision and Assign action only when the viewer is top management (null: a shared conversation, no buttons). Every view
    /// carries the refresh naming the leaders, so their clients fetch their own view; a press is still checked in
    /// <see cref="RespondAsync"/>.
    /// </summary>
    public async Task<AdaptiveCard> CardForAsync(string digestId, string? viewerObjectId, string? notice, CancellationToken cancellationToken)
    {
        var digest = await archive.GetAsync(digestId, cancellationToken) ?? throw new CardActionException($"Digest {digestId} is not in the archive.");
        var responses = new List<LeadershipItem>();
        var opportunities = new List<Choice>();
        await foreach (var item in items.ListAllAsync(cancellationToken))
        {
            if (item.DigestId == digestId && item.Kind != LeadershipItemKind.Opportunity)
            {
                responses.Add(item);
            }
            else if (item.IsOpenOpportunity && opportunities.Count < MaxOwnerChoices)
            {
                opportunities.Add(OpportunityChoice(item));
            }
        }

        var record = (await reviews.GetAsync(digestId, cancellationToken))?.Value;
        var names = await NamesAsync(digest, [.. responses.Select(r => r.OwnerObjectId), .. record?.Decisions.Select(d => d.ActionOwner) ?? []], cancellationToken);
        var owners = Choices(digest.OwnerChoices ?? await OwnerPeopleAsync(cancellationToken));
        var leader = viewerObjectId is not null && await IsTopManagementAsync(viewerObjectId, cancellationToken);
        var refreshIds = await copies.TeamsIdsAsync(digest.TopManagement ?? [], cancellationToken);
        return ManagementReviewDigestCard.Build(digest, matrix, responses, owners, names, links, withActions: leader, notice, refreshIds, new DigestReviewView(record, opportunities));
    }

    /// <summary>
    /// The latest digest with the review held on it (null before the first): what the workspace and the meeting side panel show, so
    /// the review can be recorded during the meeting, where the leaders see the digest even if its chat copy did not reach them.
    /// </summary>
    public async Task<CurrentReviewView?> CurrentAsync(CancellationToken cancellationToken)
    {
        if (await archive.LatestAsync(cancellationToken) is not { } digest)
        {
            return null;
        }

        var open = new List<OpportunityView>();
        await foreach (var item in items.ListAllAsync(cancellationToken))
        {
            if (item.IsOpenOpportunity && open.Count < MaxOwnerChoices)
            {
                open.Add(new OpportunityView(item.Id, item.Text, item.At, item.ByName));
            }
        }

        var record = await reviews.GetAsync(digest.Id, cancellationToken);
        var names = await NamesAsync(digest, [], cancellationToken);
        return new CurrentReviewView(
            digest.Id, digest.At, digest.RequestedBy, digest.PreviousAt, DigestSections.Of(digest, names), [.. open.OrderBy(o => o.RaisedAt)],
            digest.OwnerChoices ?? await OwnerPeopleAsync(cancellationToken), record?.Value, record?.ETag);
    }

    /// <summary>Whether to show the leadership buttons: the last known roles do (the press itself checks the current ones).</summary>
    private async Task<bool> IsTopManagementAsync(string objectId, CancellationToken cancellationToken)
    {
        try
        {
            return (await roles.GetRolesAsync(objectId, RoleFreshness.LastKnownAllowed, cancellationToken)).Has(AimsRole.TopManagement);
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Roles of {ObjectId} unknown: the digest card is shown without the leadership buttons", objectId);
            return false;
        }
    }

    /// <summary>
    /// A leadership response: only top management (roles resolved now, fail closed). The item id is derived from the press
    /// (Teams repeats the activity id on retry), so a retried press is recorded once.
    /// </summary>
    public async Task<AdaptiveCard> RespondAsync(string digestId, Actor actor, LeadershipItemKind kind, string? text, string? owner, DateOnly? due, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var assignment = await roles.GetRolesAsync(actor.ObjectId, RoleFreshness.Current, cancellationToken);
        if (!assignment.Has(AimsRole.TopManagement))
        {
            return await CardForAsync(digestId, actor.ObjectId, "Not allowed: only top management can respond to the management review.", cancellationToken);
        }

        if (await archive.GetAsync(digestId, cancellationToken) is null)
        {
            throw new CardActionException($"Digest {digestId} is not in the archive.");
        }

        if (kind != LeadershipItemKind.Acknowledgement && string.IsNullOrWhiteSpace(text))
        {
            return await CardForAsync(digestId, actor.ObjectId, "Write the text of the decision or action.", cancellationToken);
        }

        if (kind == LeadershipItemKind.Action && (string.IsNullOrWhiteSpace(owner) || due is null))
        {
            return await CardForAsync(digestId, actor.ObjectId, "An action needs an owner and a due date.", cancellationToken);
        }

        if (kind == LeadershipItemKind.Action && (await NotPeopleAsync([owner!.Trim()], cancellationToken)).Count > 0)
        {
            return await CardForAsync(digestId, actor.ObjectId, $"Owner: '{CardText.Truncate(owner.Trim(), 60)}' is not a person of the directory. Pick the owner by name.", cancellationToken);
        }

        var now = time.GetUtcNow();
        var item = new LeadershipItem(
            $"{digestId}-{kind.ToString().ToLowerInvariant()}-{requestId}", digestId, kind,
            kind == LeadershipItemKind.Acknowledgement ? "Acknowledged" : text!.Trim(),
            actor.ObjectId, actor.DisplayName, now, kind == LeadershipItemKind.Action ? owner!.Trim() : null, kind == LeadershipItemKind.Action ? due : null);
        var stored = await items.AddAsync(item, cancellationToken) ? item : await items.GetAsync(item.Id, cancellationToken) ?? item;
        // The response and its evidence are recorded here (recording the same content again finds the same item, so a retried press
        // completes what the first attempt could not); updating every copy of the digest card is announced from the queue.
        var settled = await settlement.TrySettleAsync($"Management review {digestId}", ResponseEvidence(stored, assignment.Roles), _ => Task.CompletedTask, cancellationToken,
            ct => announcements.EnqueueAsync(ManagementReviewAnnouncer.KindName, digestId, stored.Id, ct));
        return await CardForAsync(digestId, actor.ObjectId, settled ? null : Evidence.EvidenceSettlement.PendingNotice, cancellationToken);
    }

    /// <summary>
    /// Announces a response from the queue: every copy of the digest card replaced with the card as it now stands, each as its
    /// recipient may use it (a shared conversation's copy without buttons), once per response.
    /// </summary>
    internal async Task AnnounceResponseAsync(string digestId, string idempotencyKey, CancellationToken cancellationToken) =>
        await copies.UpdateAllAsync(Subject(digestId), (copy, ct) => CardForAsync(digestId, copy.RecipientObjectId == ConversationRecipient ? null : copy.RecipientObjectId, null, ct),
            cancellationToken, idempotencyKey);

    /// <summary>The recipient recorded for the copy posted to the configured conversation.</summary>
    private const string ConversationRecipient = "conversation";

    /// <summary>Whether a response is on record (what the announcer checks before announcing it).</summary>
    internal async Task<bool> HasResponseAsync(string digestId, string itemId, CancellationToken cancellationToken) =>
        await items.GetAsync(itemId, cancellationToken) is { } item && string.Equals(item.DigestId, digestId, StringComparison.Ordinal);

    private static NewEvidence ResponseEvidence(LeadershipItem item, IEnumerable<AimsRole> roles) =>
        NewEvidence.FromJson(
            EvidenceKind.ReviewOutcome, Subject(item.DigestId), new Actor(item.ByObjectId, item.ByName), LeadershipClauses, [], item.Id,
            Summary($"Management review {item.DigestId}: {item.Kind} by {item.ByName}" + (item.Kind == LeadershipItemKind.Acknowledgement ? string.Empty : ": " + item.Text)),
            new { item, roles = roles.Select(r => r.ToString()).Order(StringComparer.Ordinal) }, item.At, Aims.Core.Register.RegisterJson.Options);

    /// <summary>Marks a leadership action done (its owner, top management or an AIMS manager), as evidence.</summary>
    public async Task<LeadershipItem> CompleteActionAsync(string id, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var item = await items.GetAsync(id, cancellationToken);
        if (item is null || item.Kind != LeadershipItemKind.Action)
        {
            throw new KeyNotFoundException($"No management review action '{id}'.");
        }

        if (!string.Equals(item.OwnerObjectId, actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            await roles.RequireAsync(actor.ObjectId, [AimsRole.TopManagement, AimsRole.AimsManager], "complete management review actions", cancellationToken);
        }

        if (item.Status == LeadershipItemStatus.Done)
        {
            return item;
        }

        var done = item with { Status = LeadershipItemStatus.Done, DoneAt = time.GetUtcNow() };
        await items.UpdateAsync(done, cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.ReviewOutcome, Subject(item.DigestId), actor, OutcomeClauses, [], item.Id,
            Summary($"Management review action {item.Id} done ({actor.DisplayName})"), done, done.DoneAt, Aims.Core.Register.RegisterJson.Options), cancellationToken);
        return done;
    }

    /// <summary>An opportunity for improvement from the AIMS manager (9.3.2 e), shown in the next digests until done.</summary>
    public async Task<LeadershipItem> AddOpportunityAsync(string text, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        var item = new LeadershipItem("OI-" + Guid.NewGuid().ToString("N")[..12], "none", LeadershipItemKind.Opportunity, text.Trim(), actor.ObjectId, actor.DisplayName, now);
        await items.AddAsync(item, cancellationToken);
        await evidence.RecordAsync(NewEvidence.FromJson(EvidenceKind.ReviewOutcome, "management-review:opportunities", actor, ["9.3.2", "10.1"], [], item.Id,
            Summary($"Opportunity for improvement by {actor.DisplayName}: {item.Text}"), item, now, Aims.Core.Register.RegisterJson.Options), cancellationToken);
        return item;
    }

    public async Task<IReadOnlyList<string>> TopManagementAsync(CancellationToken cancellationToken)
    {
        var leaders = new List<string>();
        foreach (var group in roleGroups.GroupsFor(AimsRole.TopManagement))
        {
            string? token = null;
            do
            {
                var page = await directory.GetGroupMembersPageAsync(group, token, cancellationToken);
                leaders.AddRange(page.Items.Select(u => u.ObjectId));
                token = page.ContinuationToken;
            }
            while (token is not null && leaders.Count < 500);
        }

        return leaders.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IReadOnlyList<Choice> Choices(IReadOnlyList<DigestPerson> people) =>
        [.. people.OrderBy(c => c.DisplayName, StringComparer.CurrentCulture).Select(c => new Choice { Title = CardText.Truncate(c.DisplayName, 80), Value = c.ObjectId })];

    private async Task<IReadOnlyList<DigestPerson>> OwnerPeopleAsync(CancellationToken cancellationToken)
    {
        var choices = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var role in new[] { AimsRole.TopManagement, AimsRole.AimsManager, AimsRole.RiskOwner, AimsRole.Auditor, AimsRole.Staff })
            {
                foreach (var group in roleGroups.GroupsFor(role))
                {
                    var page = await directory.GetGroupMembersPageAsync(group, null, cancellationToken);
                    foreach (var user in page.Items)
                    {
                        if (choices.Count < MaxOwnerChoices)
                        {
                            choices.TryAdd(user.ObjectId, user.DisplayName);
                        }
                    }
                }
            }
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Owner choices for the digest card are incomplete: the directory did not answer");
        }

        return [.. choices.OrderBy(c => c.Value, StringComparer.CurrentCulture).Select(c => new DigestPerson(c.Key, c.Value))];
    }

    private async Task<Func<string, string>> NamesAsync(ManagementReviewDigest digest, IReadOnlyList<string?> owners, CancellationToken cancellationToken)
    {
        var ids = digest.PreviousActions.OpenActions.Select(a => a.OwnerObjectId).Concat(owners).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        return await directory.GetDisplayNamesAsync(ids, cancellationToken);
    }

    private async Task<bool> SendTrackedAsync(string subject, string recipient, AdaptiveCard card, CancellationToken cancellationToken) =>
        (await copies.SendAsync(subject, recipient, card, cancellationToken)).Delivered;

    private async Task<IReadOnlyList<Choice>> OpenOpportunitiesAsync(CancellationToken cancellationToken)
    {
        var open = new List<Choice>();
        await foreach (var item in items.ListAllAsync(cancellationToken))
        {
            if (item.IsOpenOpportunity && open.Count < MaxOwnerChoices)
            {
                open.Add(OpportunityChoice(item));
            }
        }

        return open;
    }

    private static Choice OpportunityChoice(LeadershipItem item) => new() { Title = CardText.Truncate($"{item.Id}: {item.Text}", 120), Value = item.Id };

    /// <summary>The ids that name nobody in the directory (a typeahead pick is checked again on the server).</summary>
    internal async Task<IReadOnlyList<string>> NotPeopleAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        foreach (var id in objectIds.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (await directory.GetUserAsync(id, cancellationToken) is null)
            {
                unknown.Add(id);
            }
        }

        return unknown;
    }

    /// <summary>Display names of <paramref name="objectIds"/> (the directory, cached), for a record that keeps them.</summary>
    internal Task<Func<string, string>> PeopleNamesAsync(IEnumerable<string> objectIds, CancellationToken cancellationToken) =>
        directory.GetDisplayNamesAsync(objectIds.Distinct(StringComparer.OrdinalIgnoreCase), cancellationToken);

    internal static string Summary(string text)
    {
        var clean = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return clean.Length <= 900 ? clean : clean[..900].TrimEnd() + "…";
    }
}
