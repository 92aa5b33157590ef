namespace Aims.Core.Messaging;

public enum AppInstallOutcome
{
    Installed,
    AlreadyInstalled,
    Refused,
}

/// <summary>What installing the Teams app for a person came to; <see cref="Reason"/> says why when refused.</summary>
public sealed record AppInstallResult(AppInstallOutcome Outcome, string? Reason = null)
{
    public bool IsInstalled => Outcome is AppInstallOutcome.Installed or AppInstallOutcome.AlreadyInstalled;
}

/// <summary>Port: installs the app in a person's personal scope so the bot can open a 1:1 chat with them (Graph in production).</summary>
public interface ITeamsAppInstaller
{
    Task<AppInstallResult> InstallForUserAsync(string userObjectId, CancellationToken cancellationToken = default);
}
