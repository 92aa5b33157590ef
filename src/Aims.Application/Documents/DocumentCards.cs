using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Documents;
using Aims.Core.Identity;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Documents;

/// <summary>A document version waiting for approval (or its outcome): Approve, Reject and Send back for the approver.</summary>
public static class DocumentApprovalCard
{
    public const string VerbApprove = "document.approve";
    public const string VerbReject = "document.reject";
    public const string VerbChanges = "document.changes";
    public const string RejectComment = "rejectComment";
    public const string ChangesComment = "changesComment";

    public static AdaptiveCard Create(ControlledDocument doc, bool canDecide, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(links);
        var version = doc.Versions.LastOrDefault(v => v.Status == DocumentStatus.InApproval) ?? doc.Latest;
        var heading = version?.Status == DocumentStatus.InApproval ? $"Approval needed: {DocumentWorkflow.Describe(doc.Type)}" : $"{DocumentWorkflow.Describe(doc.Type)}: {version?.Status}";
        var facts = new List<Fact>
        {
            new("Document", $"{doc.Id} {CardText.Truncate(doc.Title, 160)}"),
            new("Version", version?.Version ?? "none"),
            new("Status", version?.Status.ToString() ?? "Draft"),
            new("Approver role", doc.ApproverRole.ToString()),
        };
        if (version is not null)
        {
            facts.Add(new Fact("File", $"{CardText.Truncate(version.FileName, 120)} ({version.Size.ToString("N0", CultureInfo.InvariantCulture)} bytes)"));
            facts.Add(new Fact("SHA-256", version.Sha256));
            facts.Add(new Fact("Written by", version.UploadedByName));
            foreach (var d in version.Decisions.TakeLast(4))
            {
                facts.Add(new Fact(d.Outcome.ToString(), $"{d.ActorName}, {d.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(d.Comment is { Length: > 0 } c ? ": " + CardText.Truncate(c, 200) : string.Empty)}"));
            }
        }

        var body = new List<CardElement> { TextBlock.Plain(heading, weight: "Bolder", size: "Large"), new FactSet { Facts = facts } };
        if (version?.ChangeSummary is { Length: > 0 } summary) body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(summary, 1000) }] });
        body.Add(TextBlock.Plain($"The file is evidence {version?.EvidenceId ?? "-"}: GET /api/documents/{doc.Id}/versions/{version?.Version}/file.", subtle: true));
        if (notice is not null) body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        var card = new AdaptiveCard { FallbackText = $"{heading}: {doc.Id}", Body = body };
        if (canDecide && version?.Status == DocumentStatus.InApproval)
        {
            var data = new Dictionary<string, string?> { ["documentId"] = doc.Id, ["version"] = version.Version };
            card.Actions =
            [
                new ExecuteAction { Title = "Approve", Verb = VerbApprove, Style = "positive", Data = data },
                CommentAction("Reject", VerbReject, RejectComment, "Why is it rejected?", data),
                CommentAction("Send back", VerbChanges, ChangesComment, "What must change?", data),
            ];
        }

        return links.AddTo(card, WorkspaceRoutes.Document(doc.Id));
    }

    internal static ShowCardAction CommentAction(string title, string verb, string inputId, string label, Dictionary<string, string?> data) => new()
    {
        Title = title,
        Card = new AdaptiveCard
        {
            MsTeams = null,
            Body = [new TextInput { Id = inputId, Label = label, IsMultiline = true, IsRequired = true, MaxLength = 1000, ErrorMessage = "A comment is required." }],
            Actions = [new ExecuteAction { Title = "Send", Verb = verb, Data = new Dictionary<string, string?>(data), AssociatedInputs = "auto" }],
        },
    };
}

/// <summary>A controlled document whose review date has come: "Reviewed, no change" or "New version needed" for its owner.</summary>
public static class DocumentReviewCard
{
    public const string VerbNoChange = "document.review.nochange";
    public const string VerbNewVersion = "document.review.newversion";

    public static AdaptiveCard Create(ControlledDocument doc, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(links);
        var approved = doc.CurrentApproved;
        var body = new List<CardElement>
        {
            TextBlock.Plain($"Review due: {CardText.Truncate(doc.Title, 200)}", weight: "Bolder", size: "Large"),
            new FactSet
            {
                Facts =
                [
                    new Fact("Document", $"{doc.Id} ({DocumentWorkflow.Describe(doc.Type)})"),
                    new Fact("Approved version", approved?.Version ?? "none"),
                    new Fact("Review date", doc.ReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "not set"),
                    new Fact("Last reviewed", doc.LastReviewedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "never"),
                ],
            },
        };
        if (notice is not null) body.Add(new Container { Style = "good", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        var card = new AdaptiveCard { FallbackText = $"Review due: {doc.Id}", Body = body };
        if (notice is null && approved is not null)
        {
            var data = new Dictionary<string, string?> { ["documentId"] = doc.Id };
            card.Actions =
            [
                new ExecuteAction { Title = "Reviewed, no change", Verb = VerbNoChange, Style = "positive", Data = data },
                DocumentApprovalCard.CommentAction("New version needed", VerbNewVersion, DocumentApprovalCard.ChangesComment, "What must change?", data),
            ];
        }

        return links.AddTo(card, WorkspaceRoutes.Document(doc.Id));
    }
}

/// <summary>Presses on document cards. The acting person is the validated invoke's object id; the workflow decides what they may do.</summary>
public sealed class DocumentCardActions(DocumentService service, RoleResolver roles, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "document.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        // Teams repeats the invoke's activity id when it retries: a retried press records nothing twice.
        var requestId = context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N");
        var id = string.Empty;
        try
        {
            switch (context.Verb)
            {
                case DocumentApprovalCard.VerbApprove or DocumentApprovalCard.VerbReject or DocumentApprovalCard.VerbChanges:
                    var decision = context.Bind<DocumentDecisionData>();
                    id = decision.DocumentId;
                    var outcome = context.Verb switch
                    {
                        DocumentApprovalCard.VerbApprove => DocumentDecisionOutcome.Approved,
                        DocumentApprovalCard.VerbReject => DocumentDecisionOutcome.Rejected,
                        _ => DocumentDecisionOutcome.ChangesRequested,
                    };
                    try
                    {
                        var comment = outcome == DocumentDecisionOutcome.Rejected ? decision.RejectComment : decision.ChangesComment;
                        var result = await service.DecideAsync(id, context.Actor, outcome, comment, requestId, ct);
                        return DocumentApprovalCard.Create(result.Current.Value, canDecide: false, links, result.Notice);
                    }
                    catch (DocumentRefusedException ex)
                    {
                        var doc = (await service.Store.GetAsync(id, ct))?.Value ?? throw new CardActionException($"Document {id} no longer exists.");
                        var assignment = await roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.Current, ct);
                        return DocumentApprovalCard.Create(doc, DocumentWorkflow.WhyNot(doc, context.Actor.ObjectId, assignment.Roles) is null, links, "Not allowed: " + ex.Message);
                    }

                case DocumentReviewCard.VerbNoChange or DocumentReviewCard.VerbNewVersion:
                    var reviewData = context.Bind<DocumentReviewData>();
                    id = reviewData.DocumentId;
                    var review = context.Verb == DocumentReviewCard.VerbNoChange ? DocumentReviewOutcome.NoChange : DocumentReviewOutcome.NewVersionNeeded;
                    var reviewed = await service.ReviewAsync(id, review, reviewData.Comment, context.Actor, ct);
                    return DocumentReviewCard.Create(reviewed.Value, links, review == DocumentReviewOutcome.NoChange
                        ? $"Recorded: reviewed, no change. Next review {reviewed.Value.ReviewDate:yyyy-MM-dd}."
                        : "Recorded: a new version is needed. Upload it and submit it for approval.");
                default:
                    throw new CardActionException($"'{context.Verb}' is not an action of document cards.");
            }
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }
        catch (Core.Records.RecordValidationException ex)
        {
            throw new CardActionException(string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
        }
        catch (DocumentRefusedException ex)
        {
            throw new CardActionException(ex.Message);
        }
    }

    /// <summary>The document card as the presser may use it now, so a refusal keeps it.</summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        if (context.TryBind<DocumentReviewData>() is not { } data || (await service.Store.GetAsync(data.DocumentId, ct))?.Value is not { } doc)
        {
            return null;
        }

        if (context.Verb is DocumentReviewCard.VerbNoChange or DocumentReviewCard.VerbNewVersion)
        {
            return DocumentReviewCard.Create(doc, links);
        }

        var assignment = await roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.Current, ct);
        return DocumentApprovalCard.Create(doc, DocumentWorkflow.WhyNot(doc, context.Actor.ObjectId, assignment.Roles) is null, links);
    }
}

/// <summary>The data of <c>document.approve</c>, <c>document.reject</c> and <c>document.changes</c>.</summary>
public sealed record DocumentDecisionData(string DocumentId, string? Version, string? RejectComment, string? ChangesComment) : ICardData<DocumentDecisionData>
{
    public static DocumentDecisionData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("documentId", "document id"), data.Optional("version"), data.Optional(DocumentApprovalCard.RejectComment), data.Optional(DocumentApprovalCard.ChangesComment));
    }
}

/// <summary>The data of <c>document.review.nochange</c> and <c>document.review.newversion</c>.</summary>
public sealed record DocumentReviewData(string DocumentId, string? Comment) : ICardData<DocumentReviewData>
{
    public static DocumentReviewData Bind(CardDataReader data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new(data.Required("documentId", "document id"), data.Optional(DocumentApprovalCard.ChangesComment));
    }
}
