using Microsoft.AspNetCore.Http;

namespace Aims.Application.Workspace;

/// <summary>
/// The headers of every workspace response. Teams frames the tab, so framing is allowed to Teams and Microsoft 365 hosts only
/// (CSP <c>frame-ancestors</c>; no X-Frame-Options, which cannot name several origins). Scripts come only from this origin;
/// styles allow inline because Fluent UI inserts its styles at run time. The page talks to this origin and, for the sign-in
/// popup fallback, to Entra ID; TeamsJS reads its list of valid host domains from Microsoft's CDN.
/// </summary>
public static class WorkspaceHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; " +
        "font-src 'self' data:; " +
        "connect-src 'self' https://login.microsoftonline.com https://res.cdn.office.net; " +
        "frame-src https://login.microsoftonline.com; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.microsoft.us https://*.office.com https://*.office365.com https://*.microsoft365.com https://*.cloud.microsoft https://*.skype.com https://outlook.office.com";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin-allow-popups";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
    }
}
