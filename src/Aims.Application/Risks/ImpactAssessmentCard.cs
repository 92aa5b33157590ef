using Aims.Application.Documents;
using Aims.Application.Workspace;
using Aims.Core.Risks;
using Aims.Teams.Cards;

namespace Aims.Application.Risks;

/// <summary>An impact assessment waiting for its independent reviewer (or its outcome): the impacts, Approve and Reject.</summary>
public static class ImpactAssessmentCard
{
    public const string VerbApprove = "assessment.approve";
    public const string VerbReject = "assessment.reject";
    public const string RejectComment = "rejectComment";

    public static AdaptiveCard Create(ImpactAssessment assessment, string systemName, bool canDecide, WorkspaceLinks links, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(links);
        var waiting = assessment.State == AssessmentState.Submitted;
        var heading = waiting ? "Impact assessment to review" : $"Impact assessment {assessment.State.ToString().ToLowerInvariant()}";
        var facts = new List<Fact>
        {
            new("Assessment", $"{assessment.Id} {CardText.Truncate(assessment.Title, 160)}"),
            new("AI system", $"{CardText.Truncate(systemName, 160)} ({assessment.AiSystemId})"),
            new("Highest severity", assessment.HighestSeverity.ToString()),
            new("Linked risks", assessment.LinkedRiskIds.Count == 0 ? "none" : CardText.Truncate(string.Join(", ", assessment.LinkedRiskIds), 300)),
        };
        if (assessment.DecidedByName is { } decider)
        {
            facts.Add(new Fact(assessment.State.ToString(), $"{decider}, {assessment.DecidedAt?.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        }

        var body = new List<CardElement> { TextBlock.Plain(heading, weight: "Bolder", size: "Large"), new FactSet { Facts = facts } };
        foreach (var impact in assessment.Impacts.Take(10))
        {
            body.Add(new RichTextBlock
            {
                Inlines =
                [
                    new TextRun { Text = $"{impact.Scope}, {impact.Severity}: ", Weight = "Bolder" },
                    new TextRun { Text = $"{CardText.Truncate(impact.Description, 400)} (affects {CardText.Truncate(string.Join(", ", impact.AffectedParties), 200)})" },
                ],
            });
        }

        if (assessment.Comment is { Length: > 0 } comment)
        {
            body.Add(new RichTextBlock { Inlines = [new TextRun { Text = "Comment: " + CardText.Truncate(comment, 1000) }] });
        }

        if (notice is not null)
        {
            body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = $"{heading}: {assessment.Id}", Body = body };
        if (canDecide && waiting)
        {
            var data = new Dictionary<string, string?> { ["assessmentId"] = assessment.Id };
            card.Actions =
            [
                new ExecuteAction { Title = "Approve", Verb = VerbApprove, Style = "positive", Data = data },
                DocumentApprovalCard.CommentAction("Reject", VerbReject, RejectComment, "Why is it rejected?", data),
            ];
        }

        return links.AddTo(card, WorkspaceRoutes.Assessments);
    }
}
