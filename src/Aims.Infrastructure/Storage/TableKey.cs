using System.Text;

namespace Aims.Infrastructure.Storage;

/// <summary>Makes any string safe as a PartitionKey or RowKey ('/', '\', '#', '?' and control characters are not allowed there).</summary>
public static class TableKey
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The value <see cref="Escape"/> was given (every escape is a percent sign and two hex digits).</summary>
    public static string Unescape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Uri.UnescapeDataString(key);
    }
}
