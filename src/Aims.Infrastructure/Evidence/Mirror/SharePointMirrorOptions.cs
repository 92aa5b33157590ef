namespace Aims.Infrastructure.Evidence.Mirror;

/// <summary>
/// The SharePoint evidence mirror (section <c>SharePoint</c>). Off unless <see cref="DriveId"/> is set. Graph credentials and
/// retry settings are the directory's (<c>Directory:TenantId/ClientId/ClientSecret</c> or managed identity, <c>Directory:Graph:*</c>).
/// </summary>
public sealed class SharePointMirrorOptions
{
    public const string SectionName = "SharePoint";

    /// <summary>Largest payload sent with one simple PUT; larger ones go through an upload session (Graph's limit is 4 MB).</summary>
    public const int SimpleUploadLimit = 4 * 1024 * 1024;

    /// <summary>Graph site id of the site granted with Sites.Selected (documentation and logs; uploads address the drive).</summary>
    public string? SiteId { get; set; }

    /// <summary>The document library (drive) that receives the copies. Empty: no mirror.</summary>
    public string? DriveId { get; set; }

    /// <summary>Top folder in the library; one sub-folder per ISO/IEC 42001 clause below it.</summary>
    public string Folder { get; set; } = "AIMS evidence";

    /// <summary>Slice size of upload sessions: a multiple of 320 KiB, at most 60 MiB (default 5 MiB).</summary>
    public int UploadSliceBytes { get; set; } = 16 * 320 * 1024;

    public bool IsEnabled => !string.IsNullOrWhiteSpace(DriveId);

    public void Validate()
    {
        if (!IsEnabled)
        {
            return;
        }

        if (UploadSliceBytes <= 0 || UploadSliceBytes % (320 * 1024) != 0 || UploadSliceBytes > 60 * 1024 * 1024)
        {
            throw new InvalidOperationException($"SharePoint:UploadSliceBytes must be a multiple of 327680 (320 KiB) up to 60 MiB (got {UploadSliceBytes}).");
        }

        if (string.IsNullOrEmpty(MirrorFileNames.SafeSegment(Folder, 128)))
        {
            throw new InvalidOperationException($"SharePoint:Folder '{Folder}' is not a usable folder name.");
        }
    }
}
