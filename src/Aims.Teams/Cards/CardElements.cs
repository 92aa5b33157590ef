using System.Text.Json.Serialization;
using Aims.Core.Directory;

namespace Aims.Teams.Cards;

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(Table), "Table")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(NumberInput), "Input.Number")]
public abstract class CardElement
{
    public string? Id { get; init; }
    public string? Spacing { get; init; }
    public bool? Separator { get; init; }
    public bool? IsVisible { get; init; }
}

public sealed class TextBlock : CardElement
{
    public required string Text { get; init; }
    public string? Size { get; init; }
    public string? Weight { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Wrap { get; init; } = true;
    public string? Style { get; init; }
    public int? MaxLines { get; init; }
    public string? HorizontalAlignment { get; init; }

    /// <summary>A text block showing text from users or data verbatim (markdown and mentions escaped).</summary>
    public static TextBlock Plain(string? text, string? weight = null, string? size = null, string? color = null, bool? subtle = null) =>
        new() { Text = CardText.Escape(text), Weight = weight, Size = size, Color = color, IsSubtle = subtle };

    public static TextBlock Heading(string text) => new() { Text = CardText.Escape(text), Size = "Large", Weight = "Bolder", Style = "heading" };
}

public sealed class RichTextBlock : CardElement
{
    public IList<TextRun> Inlines { get; init; } = [];
}

/// <summary>A run of text that the renderer never treats as markdown: the safest place for user text.</summary>
public sealed class TextRun
{
    private readonly string _text = string.Empty;

    public string Type => "TextRun";

    public required string Text { get => _text; init => _text = CardText.Clean(value); }
    public string? Weight { get; init; }
    public bool? Italic { get; init; }
    public string? Color { get; init; }
    public bool? IsSubtle { get; init; }
}

public sealed class FactSet : CardElement
{
    public IList<Fact> Facts { get; init; } = [];
}

public sealed class Fact
{
    public Fact(string title, string? value)
    {
        Title = CardText.Escape(title);
        Value = CardText.Escape(value);
    }

    public string Title { get; }
    public string Value { get; }
}

public sealed class ColumnSet : CardElement
{
    public IList<Column> Columns { get; init; } = [];
}

public sealed class Column
{
    public string Type => "Column";
    public string? Width { get; init; }
    public string? Style { get; init; }
    public string? VerticalContentAlignment { get; init; }
    public IList<CardElement> Items { get; init; } = [];
}

public sealed class Container : CardElement
{
    public string? Style { get; init; }
    public bool? Bleed { get; init; }
    public IList<CardElement> Items { get; init; } = [];
}

public sealed class Table : CardElement
{
    public IList<TableColumnDefinition> Columns { get; init; } = [];
    public IList<TableRow> Rows { get; init; } = [];
    public bool? FirstRowAsHeader { get; init; }
    public bool? ShowGridLines { get; init; }
    public string? GridStyle { get; init; }
}

public sealed class TableColumnDefinition
{
    public int Width { get; init; } = 1;
}

public sealed class TableRow
{
    public string Type => "TableRow";
    public string? Style { get; init; }
    public IList<TableCell> Cells { get; init; } = [];
}

public sealed class TableCell
{
    public string Type => "TableCell";
    public string? Style { get; init; }
    public IList<CardElement> Items { get; init; } = [];
}

public sealed class Image : CardElement
{
    public required string Url { get; init; }
    public string? AltText { get; init; }
    public string? Size { get; init; }
}

public sealed class ActionSet : CardElement
{
    public IList<CardAction> Actions { get; init; } = [];
}

public abstract class InputElement : CardElement
{
    public string? Label { get; init; }
    public bool? IsRequired { get; init; }
    public string? ErrorMessage { get; init; }
}

public sealed class TextInput : InputElement
{
    public string? Placeholder { get; init; }
    public bool? IsMultiline { get; init; }
    public int? MaxLength { get; init; }
    public string? Value { get; init; }
}

public sealed class ChoiceSetInput : InputElement
{
    public IList<Choice> Choices { get; init; } = [];

    /// <summary>Teams' dynamic typeahead: the client asks the bot for choices as the person types (an <c>application/search</c> invoke).</summary>
    [JsonPropertyName("choices.data")]
    public DataQuery? ChoicesData { get; init; }

    public string? Style { get; init; }
    public bool? IsMultiSelect { get; init; }
    public string? Placeholder { get; init; }
    public string? Value { get; init; }

    /// <summary>
    /// A person or group picked by name from the directory (<c>style: filtered</c>, <c>choices.data</c> of <paramref name="dataset"/>);
    /// <paramref name="chosen"/> are the choices already picked (a form shown again), by object id and name.
    /// </summary>
    public static ChoiceSetInput DirectoryPicker(string id, string label, DirectoryDataset dataset, IReadOnlyList<Choice> chosen, bool multiSelect, string? placeholder = null, string? required = null) => new()
    {
        Id = id,
        Label = label,
        IsRequired = required is null ? null : true,
        ErrorMessage = required,
        Style = "filtered",
        ChoicesData = new DataQuery { Dataset = DirectoryQuery.DatasetName(dataset) },
        IsMultiSelect = multiSelect ? true : null,
        Placeholder = placeholder,
        Choices = [.. chosen],
        Value = chosen.Count == 0 ? null : string.Join(",", chosen.Select(c => c.Value)),
    };
}

/// <summary><c>Data.Query</c>: the dataset a typeahead choice set searches; the bot answers the client's <c>application/search</c> invoke.</summary>
public sealed class DataQuery
{
    public string Type => "Data.Query";

    public required string Dataset { get; init; }

    /// <summary>Choices the client asks for at a time (Teams shows at most 15).</summary>
    public int? Count { get; init; }
}

public sealed class Choice
{
    private readonly string _title = string.Empty;

    // Choice titles are shown as they are (no markdown), so only invisible and control characters are removed.
    public required string Title { get => _title; init => _title = CardText.Clean(value); }
    public required string Value { get; init; }
}

public sealed class ToggleInput : InputElement
{
    public required string Title { get; init; }
    public string? Value { get; init; }
    public string ValueOn { get; init; } = "true";
    public string ValueOff { get; init; } = "false";
}

public sealed class DateInput : InputElement
{
    public string? Value { get; init; }
    public string? Min { get; init; }
    public string? Max { get; init; }
}

public sealed class NumberInput : InputElement
{
    public string? Placeholder { get; init; }
    public double? Value { get; init; }
    public double? Min { get; init; }
    public double? Max { get; init; }
}
