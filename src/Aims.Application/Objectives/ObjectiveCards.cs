using System.Globalization;
using Aims.Application.Workspace;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Objectives;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;

namespace Aims.Application.Objectives;

/// <summary>A breached objective or a monitoring alert, sent to its owner with an Acknowledge button.</summary>
public static class BreachCard
{
    public const string VerbAcknowledge = "objective.ack";
    public const string KindObjective = "objective";
    public const string KindAlert = "alert";

    public static AdaptiveCard ForObjective(AiObjective objective, Measurement? measurement, string? reportId, WorkspaceLinks links, string? notice)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(links);
        var breach = objective.OpenBreach;
        var heading = breach is null ? $"Objective {objective.Id} is on target" : breach.AcknowledgedAt is null ? $"Objective {objective.Id} is off target" : $"Objective {objective.Id} off target: acknowledged";
        var facts = new List<Fact>
        {
            new("Objective", CardText.Truncate(objective.Title, 200)),
            new("Metric", objective.Metric),
            new("Target", objective.TargetText),
        };
        if (measurement is not null)
        {
            facts.Add(new Fact("Measured", string.Create(CultureInfo.InvariantCulture, $"{measurement.Value:0.####} at {measurement.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({measurement.Source})")));
        }

        if (objective.AiSystemId is { } system) facts.Add(new Fact("AI system", system));
        facts.Add(new Fact("Incident", reportId ?? breach?.ReportId ?? "none"));
        if (breach?.AcknowledgedAt is { } at) facts.Add(new Fact("Acknowledged", $"{breach.AcknowledgedBy} on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        return links.AddTo(Build(heading, breach is not null, facts, breach is { AcknowledgedAt: null }, KindObjective, objective.Id, notice,
            "As the owner, acknowledge that you have seen this. The incident is handled through the reports process (10.2)."), WorkspaceRoutes.Objective(objective.Id));
    }

    public static AdaptiveCard ForAlert(MonitoringAlert alert, string systemName, string? notice)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var facts = new List<Fact>
        {
            new("AI system", $"{alert.AiSystemId} {CardText.Truncate(systemName, 120)}"),
            new("Metric", alert.Metric),
            new("Since", alert.Since.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"),
            new("Incident", alert.ReportId ?? "being opened"),
            new("Status", alert.Open ? "firing" : "resolved"),
        };
        if (alert.Value is { } v) facts.Insert(2, new Fact("Value", v.ToString("0.####", CultureInfo.InvariantCulture)));
        if (alert.AcknowledgedAt is { } at) facts.Add(new Fact("Acknowledged", $"{alert.AcknowledgedBy} on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC"));
        var body = alert.Message is { Length: > 0 } m ? CardText.Truncate(m, 1000) : null;
        return Build(alert.AcknowledgedAt is null ? "Monitoring alert for your AI system" : "Monitoring alert: acknowledged", true, facts, alert.AcknowledgedAt is null, KindAlert, alert.Id, notice, body);
    }

    private static AdaptiveCard Build(string heading, bool attention, List<Fact> facts, bool canAcknowledge, string kind, string id, string? notice, string? text)
    {
        var items = new List<CardElement> { TextBlock.Plain(heading, weight: "Bolder", size: "Large", color: attention ? "Attention" : "Good"), new FactSet { Facts = facts } };
        if (text is not null) items.Add(new RichTextBlock { Inlines = [new TextRun { Text = text }] });
        if (notice is not null) items.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        var card = new AdaptiveCard { FallbackText = heading, Body = items };
        if (canAcknowledge)
        {
            card.Actions = [new ExecuteAction { Title = "Acknowledge", Verb = VerbAcknowledge, Style = "positive", Data = new Dictionary<string, string?> { ["kind"] = kind, ["id"] = id } }];
        }

        return card;
    }
}

/// <summary>Asks the owner of a manually measured objective for this period's value.</summary>
public static class ObjectiveMeasurementCard
{
    public const string VerbMeasure = "objective.measure";
    public const string ValueInput = "value";
    public const string NoteInput = "note";

    public static AdaptiveCard Create(AiObjective objective, WorkspaceLinks links, Measurement? recorded = null, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(links);
        var facts = new List<Fact>
        {
            new("Metric", objective.Metric + (objective.Unit is { } u ? $" ({u})" : string.Empty)),
            new("Target", objective.TargetText),
            new("Every", CardText.Count(objective.FrequencyDays, "day", "days")),
            new("Last value", objective.Latest is { } l ? string.Create(CultureInfo.InvariantCulture, $"{l.Value:0.####} on {l.At.UtcDateTime:yyyy-MM-dd}") : "none yet"),
        };
        if (objective.AiSystemId is { } system) facts.Add(new Fact("AI system", system));
        var body = new List<CardElement>
        {
            TextBlock.Plain(recorded is null ? $"Measurement due: {CardText.Truncate(objective.Title, 200)}" : $"Recorded: {CardText.Truncate(objective.Title, 200)}", weight: "Bolder", size: "Large"),
            new FactSet { Facts = facts },
        };
        if (recorded is not null)
        {
            body.Add(TextBlock.Plain(string.Create(CultureInfo.InvariantCulture, $"You recorded {recorded.Value:0.####} on {recorded.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {(recorded.OnTarget ? "on target" : "off target, an incident is opened")}."),
                color: recorded.OnTarget ? "Good" : "Attention"));
        }

        if (notice is not null) body.Add(new Container { Style = "warning", Items = [new RichTextBlock { Inlines = [new TextRun { Text = notice }] }] });
        var card = new AdaptiveCard { FallbackText = $"Measurement due for objective {objective.Id}", Body = body };
        if (recorded is null && !objective.Retired)
        {
            body.Add(new NumberInput { Id = ValueInput, Label = "Value", IsRequired = true, ErrorMessage = "Enter the measured value.", Min = objective.ValidMin, Max = objective.ValidMax });
            body.Add(new TextInput { Id = NoteInput, Label = "Note (how it was measured, optional)", IsMultiline = true, MaxLength = 1000 });
            card.Actions = [new ExecuteAction { Title = "Record", Verb = VerbMeasure, Style = "positive", AssociatedInputs = "auto", Data = new Dictionary<string, string?> { ["objectiveId"] = objective.Id } }];
        }

        return links.AddTo(card, WorkspaceRoutes.Objective(objective.Id));
    }
}

/// <summary>Presses on objective cards: acknowledge a breach or an alert, record a measurement. Only the owner may.</summary>
public sealed class ObjectiveCardActions(ObjectiveService service, TimeProvider time, WorkspaceLinks links) : ICardActionHandler
{
    public string Verb => "objective.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        try
        {
            switch (context.Verb)
            {
                case BreachCard.VerbAcknowledge:
                    var ack = context.Bind<BreachAcknowledgeData>();
                    return (await service.AcknowledgeAsync(ack.Kind, ack.Id, context.Actor, ct)).Card;
                case ObjectiveMeasurementCard.VerbMeasure:
                    return await MeasureAsync(context, ct);
                default:
                    throw new CardActionException($"'{context.Verb}' is not an action of objective cards.");
            }
        }
        catch (KeyNotFoundException ex)
        {
            throw new CardActionException(ex.Message);
        }
    }

    private async Task<AdaptiveCard> MeasureAsync(CardActionContext context, CancellationToken ct)
    {
        var data = context.Bind<MeasurementData>();
        var id = data.ObjectiveId;
        var objective = await service.Store.GetAsync(id, ct) ?? throw new CardActionException($"Objective {id} no longer exists.");
        if (!string.Equals(objective.Value.OwnerObjectId, context.Actor.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            throw new AccessDeniedException($"Only the owner of objective {objective.Value.Id} records its measurements.");
        }

        var (value, note) = (data.Value, data.Note);
        // The invoke's activity id identifies this press; a retried press records nothing twice.
        var requestId = "card:" + (context.Turn.Activity.Id ?? Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = await service.RecordAsync(objective.Value.Id, value, time.GetUtcNow(), MeasurementSource.Manual, context.Actor, note, requestId, ct);
            var fresh = await service.Store.GetAsync(id, ct);
            return ObjectiveMeasurementCard.Create(fresh?.Value ?? objective.Value, links, outcome.Measurement);
        }
        catch (Core.Records.RecordValidationException ex)
        {
            return ObjectiveMeasurementCard.Create(objective.Value, links, notice: string.Join(" ", ex.Errors.SelectMany(e => e.Value)));
        }
    }
}
