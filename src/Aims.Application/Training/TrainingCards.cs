using System.Globalization;
using Aims.Core.Training;
using Aims.Teams.Cards;

namespace Aims.Application.Training;

/// <summary>The card a person attests on: what, why, the course link, the statement, a required confirmation and Attest.</summary>
public static class TrainingAttestationCard
{
    public const string Verb = "training.attest";
    public const string ConfirmInput = "confirm";

    public static AdaptiveCard Create(TrainingCampaign campaign, string recipientObjectId, int? reminderDaysBeforeDue = null)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var title = CardText.Truncate(campaign.Title, 200);
        var body = new List<CardElement>();
        if (reminderDaysBeforeDue is { } days)
        {
            body.Add(new TextBlock { Text = days == 0 ? "Reminder: due today" : $"Reminder: due in {days} day{(days == 1 ? "" : "s")}", Color = "Warning", Weight = "Bolder" });
        }

        body.Add(TextBlock.Heading(title));
        body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(campaign.Description, 2000) }] });
        body.Add(TextBlock.Plain("Why: ISO/IEC 42001 competence and awareness (clauses 7.2, 7.3) and AI literacy under EU AI Act Art. 4.", subtle: true));
        body.Add(new FactSet
        {
            Facts =
            [
                new Fact("Material", $"{CardText.Truncate(campaign.Material.Name, 200)} (version {campaign.Material.Version})"),
                new Fact("Due", campaign.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ],
        });
        body.Add(new TextBlock { Text = "Statement", Weight = "Bolder", Spacing = "Medium" });
        body.Add(new RichTextBlock { Inlines = [new TextRun { Text = CardText.Truncate(campaign.Statement, 2000), Italic = true }] });
        body.Add(new ToggleInput
        {
            Id = ConfirmInput,
            Title = "I have completed the training and confirm the statement above.",
            IsRequired = true,
            ErrorMessage = "Tick the box to confirm before you attest.",
            Label = "Confirmation",
        });
        return new AdaptiveCard
        {
            FallbackText = $"Training: {title}",
            Body = body,
            Actions =
            [
                new OpenUrlAction { Title = "Open the course", Url = campaign.CourseUrl },
                new ExecuteAction
                {
                    Title = "Attest",
                    Style = "positive",
                    Verb = Verb,
                    AssociatedInputs = "auto",
                    Data = new Dictionary<string, string?>
                    {
                        ["campaignId"] = campaign.Id,
                        ["version"] = campaign.Material.Version,
                        ["recipient"] = recipientObjectId,
                    },
                },
            ],
        };
    }

    /// <summary>The card after attesting: the answer to the Attest press.</summary>
    public static AdaptiveCard Attested(TrainingCampaign campaign, TrainingAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(attestation);
        var on = attestation.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new AdaptiveCard
        {
            FallbackText = $"Attested on {on}",
            Body =
            [
                TextBlock.Heading(CardText.Truncate(campaign.Title, 200)),
                new TextBlock { Text = $"Attested on {on}" + (attestation.Late ? " (after the due date)" : string.Empty), Color = "Good", Weight = "Bolder" },
                new FactSet
                {
                    Facts =
                    [
                        new Fact("By", attestation.DisplayName),
                        new Fact("Material", $"{CardText.Truncate(campaign.Material.Name, 200)} (version {attestation.MaterialVersion})"),
                        new Fact("Statement SHA-256", attestation.StatementSha256),
                    ],
                },
            ],
        };
    }

    /// <summary>The trainings a person completed (newest first, with the date they attested), and whether none is open.</summary>
    public static AdaptiveCard Completed(IReadOnlyList<CompletedTraining> completed, bool nothingOpen)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var heading = nothingOpen ? "No open trainings" : "Your completed trainings";
        var body = new List<CardElement> { new TextBlock { Text = heading, Weight = "Bolder", Size = "Medium" } };
        if (nothingOpen)
        {
            body.Add(TextBlock.Plain(completed.Count == 0 ? "No training is assigned to you." : "You have attested every training assigned to you.", subtle: true));
        }

        if (completed.Count > 0)
        {
            if (nothingOpen)
            {
                body.Add(new TextBlock { Text = "Completed", Weight = "Bolder", Spacing = "Medium" });
            }

            body.Add(new FactSet
            {
                Facts = [.. completed.Select(c => new Fact(
                    CardText.Truncate(c.Title, 120),
                    $"attested {c.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (version {CardText.Truncate(c.MaterialVersion, 40)}){(c.Late ? ", after the due date" : string.Empty)}"))],
            });
        }

        return new AdaptiveCard { FallbackText = heading, Body = body };
    }
}

/// <summary>Cards for AIMS managers and line managers: campaign status, overdue digest, follow-up summary.</summary>
public static class TrainingReportCards
{
    private const int MaxPeople = 30;

    /// <summary>People per list on the status card (three lists must fit the card size budget together).</summary>
    private const int MaxPerStatusList = 10;

    public static AdaptiveCard Status(CampaignStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var body = new List<CardElement>
        {
            TextBlock.Heading(CardText.Truncate(status.Title, 200)),
            new FactSet
            {
                Facts =
                [
                    new Fact("State", status.State.ToString()),
                    new Fact("Material version", status.MaterialVersion),
                    new Fact("Due", status.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    new Fact("Audience", status.Launch switch
                    {
                        null => "not launched",
                        { Complete: true } p => CardText.Count(p.People, "person", "people"),
                        { Error: { } error } p => $"STOPPED after {CardText.Count(p.People, "person", "people")}: {error}",
                        var p => $"resolving: {CardText.Count(p.People, "person", "people")} after {CardText.Count(p.PagesDone, "page", "pages")}",
                    }),
                    new Fact("Attested", $"{status.Completion.Attested} of {status.Completion.Total} ({status.Completion.Percent.ToString("0.#", CultureInfo.InvariantCulture)} %)"),
                    new Fact("Overdue", status.Overdue.Count.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Unreachable", status.Unreachable.Count.ToString(CultureInfo.InvariantCulture)),
                    new Fact("Failed", status.Failed.Count.ToString(CultureInfo.InvariantCulture)),
                ],
            },
            new TextBlock { Text = "By department", Weight = "Bolder", Spacing = "Medium" },
            new FactSet { Facts = [.. status.ByDepartment.Take(20).Select(r => new Fact(CardText.Truncate(r.Key, 80), $"{r.Attested}/{r.Total}"))] },
        };
        AddPeople(body, "Unreachable", status.Unreachable);
        AddPeople(body, "Failed", status.Failed);
        AddPeople(body, "Overdue", status.Overdue);
        return new AdaptiveCard { FallbackText = $"Campaign status: {CardText.Truncate(status.Title, 100)}", Body = body };
    }

    /// <summary>One line manager's overdue reports.</summary>
    public static AdaptiveCard ManagerDigest(TrainingCampaign campaign, IReadOnlyList<TrainingAssignment> overdue)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(overdue);
        var body = new List<CardElement>
        {
            TextBlock.Heading("Overdue training in your team"),
            TextBlock.Plain($"{CardText.Truncate(campaign.Title, 200)} was due on {campaign.DueDate:yyyy-MM-dd}. These people have not attested yet:"),
            new FactSet { Facts = [.. overdue.Take(MaxPeople).Select(a => new Fact(a.DisplayName, a.Status.ToString()))] },
        };
        if (overdue.Count > MaxPeople)
        {
            body.Add(TextBlock.Plain($"… and {overdue.Count - MaxPeople} more.", subtle: true));
        }

        return new AdaptiveCard { FallbackText = "Overdue training in your team", Body = body };
    }

    /// <summary>What a follow-up round did, for the AIMS managers.</summary>
    public static AdaptiveCard Summary(CampaignStatus status, int reminders, int managersNotified)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new AdaptiveCard
        {
            FallbackText = $"Training follow-up: {CardText.Truncate(status.Title, 100)}",
            Body =
            [
                TextBlock.Heading("Training follow-up"),
                TextBlock.Plain(CardText.Truncate(status.Title, 200), weight: "Bolder"),
                new FactSet
                {
                    Facts =
                    [
                        new Fact("Attested", $"{status.Completion.Attested} of {status.Completion.Total}"),
                        new Fact("Overdue", status.Overdue.Count.ToString(CultureInfo.InvariantCulture)),
                        new Fact("Reminders queued", reminders.ToString(CultureInfo.InvariantCulture)),
                        new Fact("Managers notified", managersNotified.ToString(CultureInfo.InvariantCulture)),
                    ],
                },
            ],
        };
    }

    private static void AddPeople(List<CardElement> body, string title, IReadOnlyList<PersonRow> people)
    {
        if (people.Count == 0)
        {
            return;
        }

        body.Add(new TextBlock { Text = title, Weight = "Bolder", Spacing = "Medium" });
        body.Add(new FactSet { Facts = [.. people.Take(MaxPerStatusList).Select(p => new Fact(CardText.Truncate(p.DisplayName, 80), CardText.Truncate(p.Reason ?? p.Status.ToString(), 120)))] });
        if (people.Count > MaxPerStatusList)
        {
            body.Add(TextBlock.Plain($"… and {people.Count - MaxPerStatusList} more (see the status API or the CSV export).", subtle: true));
        }
    }
}
