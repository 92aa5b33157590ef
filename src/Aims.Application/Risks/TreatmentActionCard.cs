using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Risks;
using Aims.Teams.Cards;

namespace Aims.Application.Risks;

/// <summary>
/// One treatment action of a risk (6.1.3, 8.3) as its owner sees it: due soon, overdue or done, with "Mark done" while it is
/// open. Completing it records progress on the treatment; the risk's approval stands.
/// </summary>
public static class TreatmentActionCard
{
    public const string VerbComplete = "risk.action.complete";

    public static AdaptiveCard Build(Risk risk, int index, DateOnly today, Func<string, string> nameOf, string? notice, bool canComplete, WorkspaceLinks links)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(nameOf);
        ArgumentNullException.ThrowIfNull(links);
        var action = risk.Actions[index];
        var overdue = !action.Done && action.DueDate < today;
        var heading = action.Done ? $"Treatment action done: risk {risk.Id}"
            : overdue ? $"Treatment action overdue: risk {risk.Id}"
            : $"Treatment action due {Date(action.DueDate)}: risk {risk.Id}";
        var facts = new List<Fact>
        {
            new("Risk", $"{risk.Id}: {CardText.Truncate(risk.Title, 150)}"),
            new("Action", CardText.Truncate(action.Description, 300)),
            new("Owner", nameOf(action.OwnerObjectId)),
            new("Due", Date(action.DueDate) + (overdue ? string.Create(CultureInfo.InvariantCulture, $" ({CardText.Count(today.DayNumber - action.DueDate.DayNumber, "day", "days")} overdue)") : string.Empty)),
            new("Risk owner", nameOf(risk.OwnerObjectId)),
        };
        if (action.Done)
        {
            facts.Add(new Fact("Done", $"{(action.DoneBy is { } by ? nameOf(by) : "someone")} on {action.DoneAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "an earlier day"}"));
        }

        var open = risk.Actions.Count(a => !a.Done);
        var items = new List<CardElement>
        {
            TextBlock.Plain(heading, weight: "Bolder", size: "Large", color: action.Done ? "Good" : overdue ? "Attention" : null),
            new FactSet { Facts = facts },
            TextBlock.Plain(open == 0
                ? "Every action of this treatment is done: the risk owner now records the effectiveness check."
                : string.Create(CultureInfo.InvariantCulture, $"{CardText.Count(open, "action", "actions")} of this treatment still open."), subtle: true),
        };
        if (notice is not null)
        {
            items.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        }

        var card = new AdaptiveCard { FallbackText = heading, Body = items };
        if (canComplete && !action.Done)
        {
            card.Actions =
            [
                new ExecuteAction
                {
                    Title = "Mark done",
                    Verb = VerbComplete,
                    Style = "positive",
                    Data = new Dictionary<string, string?>
                    {
                        ["riskId"] = risk.Id,
                        ["actionIndex"] = index.ToString(CultureInfo.InvariantCulture),
                        ["action"] = CardText.Truncate(action.Description, 200),
                    },
                },
            ];
        }

        return links.AddTo(card, WorkspaceRoutes.Risk(risk.Id));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
