namespace Aims.Infrastructure.Directory;

/// <summary>How long directory answers are reused (configuration section <c>Directory:Cache</c>).</summary>
public sealed class DirectoryCacheOptions
{
    public const string SectionName = "Directory:Cache";

    /// <summary>A user's profile (name, mail, department, job title).</summary>
    public TimeSpan UserTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A user's manager.</summary>
    public TimeSpan ManagerTimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A person's AIMS roles (transitive group memberships), cached by <see cref="Core.Directory.RoleResolver"/>. Short:
    /// removing someone from a role group must take effect quickly for elevated actions.
    /// </summary>
    public TimeSpan RolesTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old a last known profile or manager may be and still be served while the directory is down. Beyond it the
    /// failure surfaces (<see cref="Core.Directory.DirectoryUnavailableException"/>).
    /// </summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Throws at start-up for nonsensical values.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(UserTimeToLive), UserTimeToLive), (nameof(ManagerTimeToLive), ManagerTimeToLive), (nameof(RolesTimeToLive), RolesTimeToLive), (nameof(MaxStaleness), MaxStaleness) })
        {
            if (value < TimeSpan.Zero)
            {
                throw new InvalidOperationException($"Directory:Cache:{name} must not be negative (got {value}).");
            }
        }
    }
}
