using System.Text.Json;
using Aims.Core.Directory;
using Aims.Teams.Cards;
using Aims.Teams.Protocol;
using Microsoft.Extensions.Logging;

namespace Aims.Teams.Conversations;

/// <summary>
/// Answers the typeahead of a card's person or group picker (<c>Input.ChoiceSet</c> with <c>choices.data</c>, the
/// <c>application/search</c> invoke: <c>queryText</c>, <c>dataset</c>, <c>queryOptions {skip, top}</c>) with matches from the
/// directory. Only a caller named by the validated activity who holds a role of some form using the dataset
/// (<see cref="DirectorySearchUse"/>) gets results; the query is cleaned and bounded (<see cref="DirectoryQuery"/>), and an
/// empty query finds nothing. What a person picks is still checked by the form's handler when the form is sent.
/// </summary>
public sealed class DirectorySearchInvoke(
    RoleResolver roles,
    IEnumerable<DirectorySearchUse> uses,
    ILogger<DirectorySearchInvoke> logger,
    IDirectorySearch? search = null)
{
    public const string Name = "application/search";
    public const string ResponseType = "application/vnd.microsoft.search.searchResponse";
    public const string ErrorType = "application/vnd.microsoft.error";

    private readonly IReadOnlyList<DirectorySearchUse> _uses = [.. uses];

    public async Task<InvokeResponse> HandleAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var value = turn.Activity.Value is { ValueKind: JsonValueKind.Object } v ? v : default;
        var datasetName = Text(value, "dataset");
        if (DirectoryQuery.ParseDataset(datasetName) is not { } dataset || search is null)
        {
            return Error(400, "BadRequest", $"This app has no list named '{CardText.Truncate(datasetName ?? "", 40)}' to search.");
        }

        if (turn.Actor is null)
        {
            return Error(403, "Forbidden", "Only people signed in with a work account of this organisation can search the directory.");
        }

        var ct = turn.CancellationToken;
        var allowed = _uses.Where(u => u.Dataset == dataset).SelectMany(u => u.Roles).ToHashSet();
        try
        {
            var assignment = await roles.GetRolesAsync(turn.Actor.ObjectId, RoleFreshness.LastKnownAllowed, ct);
            if (!assignment.Roles.Overlaps(allowed))
            {
                logger.LogWarning("Directory search of {Dataset} refused for {ObjectId}: no role of a form that asks for it", datasetName, turn.Actor.ObjectId);
                return Error(403, "Forbidden", "Your roles do not include a form that asks for " + (dataset == DirectoryDataset.People ? "people." : "groups."));
            }

            if (DirectoryQuery.Clean(Text(value, "queryText")) is not { } query)
            {
                return Results([]);
            }

            var options = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("queryOptions", out var o) && o.ValueKind == JsonValueKind.Object ? o : default;
            var found = await search.SearchAsync(dataset, query, DirectoryQuery.Skip(Number(options, "skip")), DirectoryQuery.Top(Number(options, "top")), ct);
            return Results(found);
        }
        catch (DirectoryUnavailableException ex)
        {
            logger.LogWarning(ex, "Directory search of {Dataset} failed", datasetName);
            return Error(503, "ServiceUnavailable", "The organisation directory cannot be searched right now. Try again in a few minutes.");
        }
    }

    /// <summary>The name a person picks by: the display name, with the mail (or a hint) that tells two of the same name apart.</summary>
    public static string Title(DirectoryMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return CardText.Clean(string.IsNullOrWhiteSpace(match.Detail) ? match.DisplayName : $"{match.DisplayName} ({match.Detail})");
    }

    private static InvokeResponse Results(IReadOnlyList<DirectoryMatch> found) => new(200, new Dictionary<string, object>
    {
        ["statusCode"] = 200,
        ["type"] = ResponseType,
        ["value"] = new Dictionary<string, object> { ["results"] = found.Select(m => new Dictionary<string, string> { ["title"] = Title(m), ["value"] = m.ObjectId }).ToList() },
    });

    private static InvokeResponse Error(int status, string code, string message) => new(200, new Dictionary<string, object>
    {
        ["statusCode"] = status,
        ["type"] = ErrorType,
        ["value"] = new Dictionary<string, string> { ["code"] = code, ["message"] = message },
    });

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) ? n : null;
}
