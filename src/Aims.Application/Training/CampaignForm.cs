using System.Globalization;
using System.Text.RegularExpressions;
using Aims.Core.Directory;
using Aims.Core.Identity;
using Aims.Core.Messaging;
using Aims.Core.Register;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Conversations;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Training;

/// <summary>
/// The campaign form in chat (<c>campaign new</c>), its confirmation with the audience size, and the launched card. Field ids are
/// the <see cref="CampaignRequest"/> names, so the validator's errors land next to their inputs.
/// </summary>
public static partial class CampaignFormCard
{
    public const string VerbCreate = "campaign.create";
    public const string VerbLaunch = "campaign.launch";
    public const string FormIdKey = "formId";

    // Required fields (as CampaignValidator requires them) carry isRequired and an errorMessage, so the client checks them before
    // the press is sent; the server still validates everything and answers under the field.
    private static readonly (string Id, string Label, bool Multiline, int MaxLength, string? Placeholder, string? Required)[] TextFields =
    [
        ("title", "Title", false, CampaignValidator.MaxTitle, null, "Give the campaign a title."),
        ("description", "What people learn and why", true, CampaignValidator.MaxDescription, null, "Say what people learn and why."),
        ("courseUrl", "Course link (https://)", false, 2000, "https://", "Give the https:// link of the course."),
        ("materialName", "Material name", false, 200, "AI use policy", "Name the training material."),
        ("materialVersion", "Material version", false, 40, "2026.1", "Give the material's version."),
        ("materialSha256", "SHA-256 of the attached document (optional)", false, 64, null, null),
        ("statement", "Attestation statement", true, CampaignValidator.MaxStatement, "I have completed the training and ...", "Write the statement people attest to."),
    ];

    public const string Audience = "audienceGroupIds";
    public const string Excluded = "excludedObjectIds";
    public const string AudienceLabel = "Audience (groups)";
    public const string ExcludedLabel = "Excluded people (optional)";
    private const string DueLabel = "Due date";
    private const string RemindersLabel = "Reminders: days before the due date (comma separated)";
    private const string EscalationLabel = "Tell line managers this many days after the due date";

    /// <summary>Every input of the form, by id.</summary>
    public static IReadOnlyList<string> FieldIds { get; } = [.. TextFields.Select(f => f.Id), Audience, Excluded, "dueDate", "reminderDaysBeforeDue", "escalationDaysAfterDue"];

    /// <summary>A new form with a fresh form id (a second press of Create then finds the same draft).</summary>
    public static AdaptiveCard Create(DateOnly today) =>
        Form(Guid.NewGuid().ToString("N")[..12], new Dictionary<string, string?> { ["dueDate"] = today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["reminderDaysBeforeDue"] = "7, 1", ["escalationDaysAfterDue"] = "7" }, null);

    /// <summary>
    /// The form again with what was typed and the errors under their fields; <paramref name="names"/> name the groups and people
    /// already picked (by object id), so the pickers show them by name. Picked ids without a name are left out (their error says why).
    /// </summary>
    public static AdaptiveCard Form(string formId, IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string[]>? errors, IReadOnlyDictionary<string, string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var body = new List<CardElement>
        {
            TextBlock.Heading("New training campaign"),
            TextBlock.Plain("Creates a draft (ISO/IEC 42001 7.2, 7.3; EU AI Act Art. 4). You launch it on the next card after checking the audience size.", subtle: true),
        };
        if (errors is { Count: > 0 })
        {
            body.Add(TextBlock.Plain("Nothing was saved: correct the fields marked below.", weight: "Bolder", color: "Attention"));
        }

        // Each error names its field by the label the person sees, never by its id.
        void Errors(string field, string label)
        {
            if (errors is not null && errors.TryGetValue(field, out var messages))
            {
                body.Add(TextBlock.Plain($"{label}: {string.Join(" ", messages)}", color: "Attention"));
            }
        }

        foreach (var (id, label, multiline, max, placeholder, required) in TextFields)
        {
            body.Add(new TextInput
            {
                Id = id, Label = label, IsMultiline = multiline ? true : null, MaxLength = max, Placeholder = placeholder, Value = Value(values, id, max),
                IsRequired = required is null ? null : true, ErrorMessage = required,
            });
            Errors(id, label);
        }

        // Groups and people are picked by name: Teams asks the bot for matches as the person types (DirectorySearchInvoke).
        body.Add(ChoiceSetInput.DirectoryPicker(Audience, AudienceLabel, DirectoryDataset.Groups, Picked(values, Audience, names), multiSelect: true, "Type part of a group's name", "Pick at least one audience group."));
        Errors(Audience, AudienceLabel);
        body.Add(ChoiceSetInput.DirectoryPicker(Excluded, ExcludedLabel, DirectoryDataset.People, Picked(values, Excluded, names), multiSelect: true, "Type part of a person's name"));
        Errors(Excluded, ExcludedLabel);
        body.Add(new DateInput { Id = "dueDate", Label = DueLabel, Value = Value(values, "dueDate", 10), IsRequired = true, ErrorMessage = "Pick the due date." });
        Errors("dueDate", DueLabel);
        body.Add(new TextInput { Id = "reminderDaysBeforeDue", Label = RemindersLabel, MaxLength = 40, Value = Value(values, "reminderDaysBeforeDue", 40) });
        Errors("reminderDaysBeforeDue", RemindersLabel);
        body.Add(new TextInput { Id = "escalationDaysAfterDue", Label = EscalationLabel, MaxLength = 3, Value = Value(values, "escalationDaysAfterDue", 3) });
        Errors("escalationDaysAfterDue", EscalationLabel);
        Errors("body", "The form");
        return new AdaptiveCard
        {
            FallbackText = "New training campaign",
            Body = body,
            Actions = [new ExecuteAction { Title = "Create draft", Verb = VerbCreate, AssociatedInputs = "auto", Style = "positive", Data = new Dictionary<string, string?> { [FormIdKey] = formId } }],
        };
    }

    /// <summary>The draft as saved, the audience size, and Launch.</summary>
    public static AdaptiveCard Confirm(TrainingCampaign campaign, int people, bool complete)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var body = Summary(campaign, "Draft saved: check it, then launch");
        body.Add(new FactSet { Facts = [new Fact("Audience", complete ? CardText.Count(people, "person", "people") : $"at least {CardText.Count(people, "person", "people")} (more pages are resolved at launch)")] });
        body.Add(TextBlock.Plain("Launching sends everyone in the audience an attestation card and records the launch as evidence.", subtle: true));
        return new AdaptiveCard
        {
            FallbackText = "Training campaign draft: launch?",
            Body = body,
            Actions = [new ExecuteAction { Title = "Launch", Verb = VerbLaunch, Style = "positive", Data = new Dictionary<string, string?> { ["campaignId"] = campaign.Id } }],
        };
    }

    public static AdaptiveCard Launched(TrainingCampaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var body = Summary(campaign, "Campaign launched");
        body.Add(new FactSet { Facts = [new Fact("Launched", campaign.LaunchedAt?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "-"), new Fact("Audience", campaign.Progress switch
        {
            { Complete: true } p => CardText.Count(p.People, "person", "people"),
            { Error: not null } p => $"stopped after {CardText.Count(p.People, "person", "people")}: launch it again to resume",
            _ => "being resolved",
        })] });
        body.Add(TextBlock.Plain($"Follow it with: campaign {CardText.Truncate(campaign.Title, 100)}", subtle: true));
        return new AdaptiveCard { FallbackText = "Training campaign launched", Body = body };
    }

    private static List<CardElement> Summary(TrainingCampaign campaign, string heading) =>
    [
        TextBlock.Heading(heading),
        TextBlock.Plain(CardText.Truncate(campaign.Title, 200), weight: "Bolder"),
        new FactSet
        {
            Facts =
            [
                new Fact("Material", $"{CardText.Truncate(campaign.Material.Name, 200)} (version {campaign.Material.Version})"),
                new Fact("Due", campaign.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new Fact("Groups", CardText.Truncate(string.Join(", ", campaign.AudienceGroupIds), 500)),
                new Fact("Excluded", campaign.ExcludedObjectIds.Count.ToString(CultureInfo.InvariantCulture)),
                new Fact("Reminders", string.Join(", ", campaign.ReminderDaysBeforeDue) + " days before due"),
            ],
        },
    ];

    private static List<Choice> Picked(IReadOnlyDictionary<string, string?> values, string id, IReadOnlyDictionary<string, string>? names) =>
        [.. IdList(values.GetValueOrDefault(id)).Where(v => names?.ContainsKey(v) == true).Select(v => new Choice { Title = CardText.Truncate(names![v], 120), Value = v })];

    /// <summary>The object ids of a picker (Teams sends a multi-select's values comma separated).</summary>
    public static IReadOnlyList<string> IdList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. Separators().Split(value.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string? Value(IReadOnlyDictionary<string, string?> values, string id, int max) =>
        values.TryGetValue(id, out var v) && v is not null ? CardText.Truncate(v, max) : null;

    /// <summary>Reads the form into the API's request; values that do not parse become errors (the validator adds the rest).</summary>
    public static (CampaignRequest Request, Dictionary<string, string[]> ParseErrors) Read(IReadOnlyDictionary<string, string?> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var errors = new Dictionary<string, string[]>();
        string? Text(string key) => data.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        IReadOnlyList<string>? Ids(string key) => Text(key) is { } v ? [.. Separators().Split(v).Where(s => s.Length > 0)] : null;
        IReadOnlyList<string>? Picks(string key) => IdList(Text(key)) is { Count: > 0 } ids ? ids : null;
        DateOnly? due = null;
        if (Text("dueDate") is { } d)
        {
            if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                due = parsed;
            }
            else
            {
                errors["dueDate"] = ["A date as yyyy-MM-dd."];
            }
        }

        List<int>? reminders = null;
        if (Ids("reminderDaysBeforeDue") is { } parts)
        {
            reminders = [];
            foreach (var part in parts)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
                {
                    reminders.Add(days);
                }
                else
                {
                    errors["reminderDaysBeforeDue"] = ["Whole numbers of days, comma separated (e.g. 7, 1)."];
                }
            }
        }

        int? escalation = null;
        if (Text("escalationDaysAfterDue") is { } e)
        {
            if (int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
            {
                escalation = days;
            }
            else
            {
                errors["escalationDaysAfterDue"] = ["A whole number of days."];
            }
        }

        return (new CampaignRequest(Text("title"), Text("description"), Text("courseUrl"), Text("materialName"), Text("materialVersion"), Text("materialSha256"),
            Text("statement"), Picks(Audience), Picks(Excluded), due, reminders, escalation), errors);
    }

    [GeneratedRegex(@"[\s,;]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex("^[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    internal static partial Regex FormIdPattern();
}

/// <summary>
/// <c>campaign.create</c> and <c>campaign.launch</c> (AimsManager, from the validated actor's object id, fail closed). Create
/// validates with the API's validator and stores nothing when invalid; the draft id comes from the form id, so a second press
/// finds the same draft. Launch is the API's launch (confirmed, evidence); the ETag-conditional state change launches once.
/// </summary>
public sealed class CampaignCardActions(
    RoleResolver roles,
    TrainingService training,
    ITrainingCampaignStore campaigns,
    ICardMessageLog cardMessages,
    IDirectorySearch directorySearch,
    IDirectoryClient directory,
    TimeProvider time,
    ILogger<CampaignCardActions> logger) : ICardActionHandler
{
    /// <summary>Directory pages per group read for the confirmation (the 15 s answer budget); launch reads all.</summary>
    public const int ConfirmationPagesPerGroup = 5;

    public string Verb => "campaign.";

    public async Task<AdaptiveCard> HandleAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        await roles.RequireAsync(context.Actor.ObjectId, TrainingApi.Managers, "create and launch training campaigns", ct);
        return context.Verb switch
        {
            CampaignFormCard.VerbCreate => await CreateAsync(context, ct),
            CampaignFormCard.VerbLaunch => await LaunchAsync(context, ct),
            _ => throw new CardActionException($"'{context.Verb}' is not an action of the campaign form."),
        };
    }

    /// <summary>
    /// A refused Launch (an empty audience, say) keeps the confirmation card, for an AIMS manager (a refused outsider gets the
    /// message alone). The form itself answers its errors on the form.
    /// </summary>
    public async Task<AdaptiveCard?> CardForErrorAsync(CardActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.Turn.CancellationToken;
        if (context.Verb != CampaignFormCard.VerbLaunch || context.TryBind<CampaignLaunchData>() is not { } data
            || !(await roles.GetRolesAsync(context.Actor.ObjectId, RoleFreshness.LastKnownAllowed, ct)).Has(AimsRole.AimsManager)
            || (await campaigns.GetAsync(data.CampaignId, ct))?.Campaign is not { State: CampaignState.Draft } draft)
        {
            return null;
        }

        var (people, complete) = await training.CountAudienceAsync(draft, ConfirmationPagesPerGroup, ct);
        return CampaignFormCard.Confirm(draft, people, complete);
    }

    private async Task<AdaptiveCard> CreateAsync(CardActionContext context, CancellationToken ct)
    {
        var form = context.Bind<CampaignFormData>();
        var formId = form.FormId;
        var (request, errors) = CampaignFormCard.Read(form.Values);
        foreach (var (field, messages) in CampaignValidator.Validate(request, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)))
        {
            errors.TryAdd(field, messages);
        }

        var names = await CheckPicksAsync(request, errors, ct);
        if (errors.Count > 0)
        {
            logger.LogInformation("Campaign form {FormId} from {ObjectId} refused: {Fields}", formId, context.Actor.ObjectId, string.Join(",", errors.Keys));
            return CampaignFormCard.Form(formId, form.Values, errors, names);
        }

        VersionedCampaign draft;
        try
        {
            draft = await training.CreateAsync(request, context.Actor, "tc-" + formId, ct);
            logger.LogInformation("Campaign {CampaignId} drafted in chat by {ObjectId}", draft.Campaign.Id, context.Actor.ObjectId);
        }
        catch (ConcurrencyConflictException)
        {
            // A second press of the same form: show the draft it made.
            draft = await campaigns.GetAsync("tc-" + formId, ct) ?? throw new CardActionException("The draft could not be read back. Try again.");
        }

        if (draft.Campaign.State != CampaignState.Draft)
        {
            return CampaignFormCard.Launched(draft.Campaign);
        }

        var (people, complete) = await training.CountAudienceAsync(draft.Campaign, ConfirmationPagesPerGroup, ct);
        return CampaignFormCard.Confirm(draft.Campaign, people, complete);
    }

    /// <summary>
    /// What the pickers sent is checked against the directory, whatever the client showed: every audience id must be a group and
    /// every excluded id a person. Returns the names of those found, so the form shown again keeps them by name.
    /// </summary>
    private async Task<Dictionary<string, string>> CheckPicksAsync(CampaignRequest request, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var names = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        async Task<string[]> MissingAsync(string field, IReadOnlyList<string>? ids, Func<string, CancellationToken, Task<string?>> find)
        {
            if (ids is null || errors.ContainsKey(field))
            {
                return [];
            }

            var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
            {
                if (await find(id, token) is { } name)
                {
                    names[id] = name;
                }
                else
                {
                    missing.Add(id);
                }
            });
            return [.. missing.Order(StringComparer.Ordinal)];
        }

        var groups = await MissingAsync(CampaignFormCard.Audience, request.AudienceGroupIds, async (id, token) => (await directorySearch.GetGroupAsync(id, token)) is { } g ? DirectorySearchInvoke.Title(g) : null);
        if (groups.Length > 0)
        {
            errors[CampaignFormCard.Audience] = [$"{Listed(groups)} {(groups.Length == 1 ? "is not a group" : "are not groups")} of the directory. Pick groups by typing part of their name."];
        }

        var people = await MissingAsync(CampaignFormCard.Excluded, request.ExcludedObjectIds, async (id, token) => (await directory.GetUserAsync(id, token))?.DisplayName);
        if (people.Length > 0)
        {
            errors[CampaignFormCard.Excluded] = [$"{Listed(people)} {(people.Length == 1 ? "is not a person" : "are not people")} of the directory. Pick people by typing part of their name."];
        }

        return new Dictionary<string, string>(names, StringComparer.OrdinalIgnoreCase);
    }

    private static string Listed(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(5).Select(id => $"'{CardText.Truncate(id, 40)}'")) + (ids.Count > 5 ? $" and {ids.Count - 5} more" : "");

    private async Task<AdaptiveCard> LaunchAsync(CardActionContext context, CancellationToken ct)
    {
        var id = context.Bind<CampaignLaunchData>().CampaignId;
        try
        {
            var launched = (await training.LaunchAsync(id, context.Actor, ct)).Campaign;
            return await TrackLaunchedAsync(context, launched, ct);
        }
        catch (KeyNotFoundException)
        {
            throw new CardActionException("This campaign no longer exists.");
        }
        catch (AudienceException ex)
        {
            throw new CardActionException(ex.Message);
        }
        catch (CampaignStateException ex)
        {
            // The second press (or someone else's at the same moment): it is launched once; show it.
            return (await campaigns.GetAsync(id, ct))?.Campaign is { State: CampaignState.Launched } launched
                ? await TrackLaunchedAsync(context, launched, ct)
                : throw new CardActionException(ex.Message);
        }
    }

    /// <summary>
    /// Records the pressed card as a copy of the launched campaign, so the announcement sent when its audience is resolved
    /// replaces "being resolved" with the count; then reads the campaign again, since resolution may have finished before the
    /// copy was recorded (then no announcement would find it, and the answer itself shows the count).
    /// </summary>
    private async Task<AdaptiveCard> TrackLaunchedAsync(CardActionContext context, TrainingCampaign launched, CancellationToken ct)
    {
        if (launched.Progress is { Complete: true } || context.ReplyToId is not { Length: > 0 } messageId)
        {
            return CampaignFormCard.Launched(launched);
        }

        await cardMessages.RecordAsync(new CardMessage(CampaignLaunchAnnouncer.Subject(launched.Id), messageId, context.Turn.ConversationId,
            context.Turn.ServiceUrl.OriginalString, context.Actor.ObjectId, time.GetUtcNow()), ct);
        return CampaignFormCard.Launched((await campaigns.GetAsync(launched.Id, ct))?.Campaign ?? launched);
    }
}
