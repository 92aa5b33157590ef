using System.Text;

namespace Aims.Application.Register;

/// <summary>A CSV record and the line of the file it starts on (1-based; the header is line 1).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error);

/// <summary>
/// RFC 4180 CSV: comma-separated fields, records ending in CRLF or LF, fields in double quotes may hold commas, quotes
/// (doubled) and line breaks. A malformed record (an unclosed quote, text after a closing quote) is returned with an
/// error instead of stopping the file, so every bad row can be reported. Cells written for spreadsheets are neutralised:
/// a cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so it is never run as a formula.
/// </summary>
public static class Csv
{
    private const string FormulaStarts = "=+-@\t\r";

    public static IEnumerable<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        while (i < text.Length)
        {
            var start = line;
            var fields = new List<string>();
            string? error = null;
            var field = new StringBuilder();
            var endOfRecord = false;
            while (!endOfRecord)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            closed = true;
                            break;
                        }

                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                        i++;
                    }

                    if (!closed)
                    {
                        error ??= "A quoted field is not closed.";
                    }
                    else if (i < text.Length && text[i] is not ',' and not '\r' and not '\n')
                    {
                        error ??= "Text follows a closing quote (quotes inside a field must be doubled).";
                        while (i < text.Length && text[i] is not ',' and not '\r' and not '\n')
                        {
                            i++;
                        }
                    }
                }
                else
                {
                    while (i < text.Length && text[i] is not ',' and not '\r' and not '\n')
                    {
                        if (text[i] == '"')
                        {
                            error ??= "A quote inside an unquoted field (quote the whole field and double the quote).";
                        }

                        field.Append(text[i]);
                        i++;
                    }
                }

                fields.Add(field.ToString());
                if (i >= text.Length)
                {
                    endOfRecord = true;
                }
                else if (text[i] == ',')
                {
                    i++;
                }
                else
                {
                    // \r\n, \n or a lone \r ends the record.
                    if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    i++;
                    line++;
                    endOfRecord = true;
                }
            }

            if (fields.Count == 1 && fields[0].Length == 0 && error is null)
            {
                continue; // blank line
            }

            yield return new CsvRecord(start, fields, error);
        }
    }

    /// <summary>One CSV line (with CRLF) from cells; every cell is neutralised and quoted when needed.</summary>
    public static void AppendRecord(StringBuilder sb, IEnumerable<string?> cells)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(cells);
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            var value = Neutralise(cell ?? string.Empty);
            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                sb.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                sb.Append(value);
            }
        }

        sb.Append("\r\n");
    }

    /// <summary>A leading apostrophe for cells a spreadsheet would treat as a formula.</summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && FormulaStarts.Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;

    /// <summary>Undoes <see cref="Neutralise"/> on import, so an exported file imports unchanged.</summary>
    public static string Restore(string value) =>
        value.Length > 1 && value[0] == '\'' && FormulaStarts.Contains(value[1], StringComparison.Ordinal) ? value[1..] : value;
}
