using System.Text;
using Aims.Core.Evidence;

namespace Aims.Infrastructure.Evidence.Mirror;

/// <summary>
/// Paths of mirrored evidence in the document library: <c>{folder}/{first clause}/{kind}-{subject}-{id hash, 16 hex}{ext}</c>
/// and its metadata sidecar <c>…{ext}.meta.json</c>. The content address is in the name, so a name identifies one item.
/// </summary>
public static class MirrorFileNames
{
    /// <summary>A whole file name stays below this (SharePoint allows 255 per segment and 400 per path).</summary>
    public const int MaxFileNameLength = 120;

    public const string NoClauseFolder = "no-clause";
    public const string SidecarSuffix = ".meta.json";

    private const int HashLength = 16;

    /// <summary>Folder of the item: its first clause (the store sorts clauses), or <see cref="NoClauseFolder"/>.</summary>
    public static string ClauseFolder(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Clauses.Count == 0 ? NoClauseFolder : SafeSegment(item.Clauses[0], 32) is { Length: > 0 } c ? c : NoClauseFolder;
    }

    public static string FileName(EvidenceItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var hash = EvidenceEnvelope.GetHash(item.Id)[..HashLength];
        var extension = Extension(item.ContentType);
        var kind = SafeSegment(item.Kind.Value, 64);
        var room = MaxFileNameLength - kind.Length - hash.Length - extension.Length - SidecarSuffix.Length - 2;
        var subject = SafeSegment(item.Subject, Math.Max(room, 0));
        return subject.Length == 0 ? $"{kind}-{hash}{extension}" : $"{kind}-{subject}-{hash}{extension}";
    }

    /// <summary>The payload's path relative to the drive root, segments unescaped.</summary>
    public static string PayloadPath(string rootFolder, EvidenceItem item) =>
        $"{SafeSegment(rootFolder, 128)}/{ClauseFolder(item)}/{FileName(item)}";

    public static string SidecarPath(string payloadPath) => payloadPath + SidecarSuffix;

    /// <summary>
    /// One path segment SharePoint accepts: no <c>" * : &lt; &gt; ? / \ |</c>, no '#' or '%' (they break links), no control
    /// characters, no "_vti_", no leading or trailing dots and spaces, at most <paramref name="maxLength"/> characters.
    /// </summary>
    public static string SafeSegment(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || maxLength <= 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '"' or '*' or ':' or '<' or '>' or '?' or '/' or '\\' or '|' or '#' or '%' || char.IsControl(c) || char.IsSurrogate(c))
            {
                continue;
            }

            sb.Append(c);
        }

        var safe = sb.ToString().Replace("_vti_", "vti", StringComparison.OrdinalIgnoreCase).Trim(' ', '.');
        while (safe.StartsWith('~'))
        {
            // "~$" starts Office lock files, which SharePoint refuses.
            safe = safe.TrimStart('~', '$').Trim(' ', '.');
        }

        if (safe.Length > maxLength)
        {
            safe = safe[..maxLength].TrimEnd(' ', '.');
        }

        return safe;
    }

    private static string Extension(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/json" => ".json",
        "text/html" => ".html",
        "text/csv" => ".csv",
        "text/plain" => ".txt",
        "application/pdf" => ".pdf",
        "application/zip" => ".zip",
        "image/png" => ".png",
        _ => ".bin",
    };
}
