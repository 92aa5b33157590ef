using System.Text.Json.Serialization;

namespace Aims.Teams.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ExecuteAction), "Action.Execute")]
[JsonDerivedType(typeof(OpenUrlAction), "Action.OpenUrl")]
[JsonDerivedType(typeof(ShowCardAction), "Action.ShowCard")]
[JsonDerivedType(typeof(SubmitAction), "Action.Submit")]
public abstract class CardAction
{
    public string? Id { get; init; }
    public required string Title { get; init; }
    public string? Style { get; init; }
}

/// <summary>Universal Action: Teams sends an <c>adaptiveCard/action</c> invoke with the verb and data.</summary>
public sealed class ExecuteAction : CardAction
{
    public required string Verb { get; init; }
    public IDictionary<string, string?>? Data { get; init; }

    /// <summary>Which inputs must be valid before Teams sends the action ("auto" or "none").</summary>
    public string? AssociatedInputs { get; init; }
}

public sealed class OpenUrlAction : CardAction
{
    public required string Url { get; init; }
}

public sealed class ShowCardAction : CardAction
{
    public required AdaptiveCard Card { get; init; }
}

public sealed class SubmitAction : CardAction
{
    public IDictionary<string, string?>? Data { get; init; }
}
