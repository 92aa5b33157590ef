using System.Text.Json.Serialization;

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
    public string? Style { get; init; }
    public bool? IsMultiSelect { get; init; }
    public string? Value { get; init; }
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
