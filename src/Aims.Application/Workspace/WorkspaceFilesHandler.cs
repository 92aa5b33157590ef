using System.Text;
using Aims.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;

namespace Aims.Application.Workspace;

/// <summary>
/// Serves the built workspace (copied into every host's output as <c>workspace/</c> by the build) with strict headers. A path
/// that names a file answers the file; any other path answers the page, whose <c>&lt;base&gt;</c> is set to where it is mounted
/// (<c>/api/workspace/</c> in both hosts, <c>/workspace/</c> too in the DevHost), so deep links load the same assets.
/// </summary>
public sealed class WorkspaceFilesHandler(ILogger<WorkspaceFilesHandler> logger) : IHttpHandler
{
    /// <summary>Where the build puts the page, beside the host's assemblies.</summary>
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "workspace");

    /// <summary>What the page's <c>&lt;base href&gt;</c> says before it is served (see index.html).</summary>
    private const string BasePlaceholder = "<base href=\"/\" />";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        WorkspaceHeaders.Apply(context.Response);
        var relative = context.Request.RouteValues.TryGetValue("path", out var p) ? p?.ToString() ?? string.Empty : string.Empty;
        var index = Path.Combine(Root, "index.html");
        if (!File.Exists(index))
        {
            logger.LogError("The workspace is not built: {IndexFile} is missing", index);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The workspace is not built",
                detail: "This build of the host has no workspace files; build the solution with Node.js installed (dotnet build runs the workspace build).");
        }

        if (relative.Length > 0)
        {
            var full = Path.GetFullPath(Path.Combine(Root, relative));
            if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            if (File.Exists(full) && !string.Equals(full, index, StringComparison.Ordinal))
            {
                // Vite names assets by their content hash: a new build gives new names, so they can be cached for good.
                context.Response.Headers.CacheControl = relative.StartsWith("assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
                var type = ContentTypes.TryGetContentType(full, out var t) ? t : "application/octet-stream";
                return Results.File(full, type);
            }

            // A missing asset is a 404; only page paths (no file extension) fall back to the page.
            if (Path.HasExtension(relative))
            {
                return Results.NotFound();
            }
        }

        var mount = MountPath(context.Request, relative);
        var html = await File.ReadAllTextAsync(index, context.RequestAborted);
        html = html.Replace(BasePlaceholder, "<base href=\"" + System.Net.WebUtility.HtmlEncode(mount) + "\" />", StringComparison.Ordinal);
        context.Response.Headers.CacheControl = "no-cache";
        return Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The request's path less the page path inside the workspace, ending in a slash.</summary>
    private static string MountPath(HttpRequest request, string relative)
    {
        var path = (request.PathBase + request.Path).Value ?? "/";
        if (relative.Length > 0 && path.EndsWith(relative, StringComparison.Ordinal))
        {
            path = path[..^relative.Length];
        }

        return path.EndsWith('/') ? path : path + "/";
    }
}
