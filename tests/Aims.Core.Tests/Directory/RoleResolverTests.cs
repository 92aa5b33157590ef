using Aims.Core.Directory;
using Aims.Core.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Aims.Core.Tests.Directory;

/// <summary>Clause 5.3: roles come from the directory, and an elevated action is never granted on a guess.</summary>
public sealed class RoleResolverTests
{
    private const string Alex = "u-alex";
    private const string Nestor = "u-nestor";
    private static readonly AimsRole[] ApproverRoles = [AimsRole.AimsManager, AimsRole.TopManagement];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly MembershipDirectory _directory = new();
    private readonly RoleResolver _roles;

    public RoleResolverTests()
    {
        var groups = new RoleGroupOptions();
        groups.Groups["AimsManager"] = "g-aims-managers";
        groups.Groups["RiskOwner"] = "g-risk-owners, g-risk-deputies";
        groups.Groups["TopManagement"] = "g-top-management";
        groups.Groups["Staff"] = "g-staff";
        _directory.Memberships[Alex] = ["g-aims-managers", "g-risk-deputies", "g-staff"];
        _directory.Memberships[Nestor] = ["g-staff", "g-unrelated"];
        _roles = new RoleResolver(_directory, groups, _time, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Roles_come_from_transitive_group_memberships_including_any_of_several_groups()
    {
        var alex = await _roles.GetRolesAsync(Alex, RoleFreshness.Current);

        Assert.Equal([AimsRole.AimsManager, AimsRole.RiskOwner, AimsRole.Staff], alex.Roles.Order());
        Assert.False(alex.IsStale);
        Assert.Equal(_time.GetUtcNow(), alex.ResolvedAt);
    }

    [Fact]
    public async Task A_person_outside_every_allowed_role_is_refused_an_elevated_action()
    {
        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => _roles.RequireAsync(Nestor, ApproverRoles, "approve this risk treatment"));

        Assert.Contains("AimsManager or TopManagement", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public async Task A_person_unknown_to_the_directory_has_no_role_and_is_refused()
    {
        var unknown = await _roles.GetRolesAsync("u-left-the-company", RoleFreshness.Current);

        Assert.Empty(unknown.Roles);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _roles.RequireAsync("u-left-the-company", ApproverRoles, "approve"));
    }

    [Fact]
    public async Task Within_the_time_to_live_the_cached_answer_grants_without_asking_the_directory_again()
    {
        await _roles.RequireAsync(Alex, ApproverRoles, "approve");
        _directory.Down = true;
        _time.Advance(TimeSpan.FromMinutes(4));

        var roles = await _roles.RequireAsync(Alex, ApproverRoles, "approve");

        Assert.True(roles.Has(AimsRole.AimsManager));
        Assert.Equal(1, _directory.Calls);
    }

    [Fact]
    public async Task A_directory_outage_refuses_an_elevated_action_even_with_an_expired_cached_grant()
    {
        Assert.True((await _roles.RequireAsync(Alex, ApproverRoles, "approve")).Has(AimsRole.AimsManager));
        _directory.Down = true;
        _time.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<AccessDeniedException>(() => _roles.RequireAsync(Alex, ApproverRoles, "approve this risk treatment"));

        Assert.IsType<DirectoryUnavailableException>(ex.InnerException);
        Assert.Contains("could not be confirmed", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _roles.GetRolesAsync(Alex, RoleFreshness.Current));
    }

    [Fact]
    public async Task Last_known_allowed_returns_the_expired_answer_flagged_stale_during_an_outage()
    {
        var fresh = await _roles.GetRolesAsync(Alex, RoleFreshness.LastKnownAllowed);
        _directory.Down = true;
        _time.Advance(TimeSpan.FromHours(2));

        var stale = await _roles.GetRolesAsync(Alex, RoleFreshness.LastKnownAllowed);

        Assert.True(stale.IsStale);
        Assert.Equal(fresh.Roles, stale.Roles);
        Assert.Equal(fresh.ResolvedAt, stale.ResolvedAt); // says how old the answer is
    }

    [Fact]
    public async Task Last_known_allowed_without_any_known_answer_surfaces_the_outage()
    {
        _directory.Down = true;

        await Assert.ThrowsAsync<DirectoryUnavailableException>(() => _roles.GetRolesAsync(Alex, RoleFreshness.LastKnownAllowed));
    }

    [Fact]
    public async Task A_removal_from_the_role_group_takes_effect_after_the_time_to_live()
    {
        await _roles.RequireAsync(Alex, ApproverRoles, "approve");
        _directory.Memberships[Alex] = ["g-staff"];
        _time.Advance(TimeSpan.FromMinutes(5));

        await Assert.ThrowsAsync<AccessDeniedException>(() => _roles.RequireAsync(Alex, ApproverRoles, "approve"));
    }

    private sealed class MembershipDirectory : IDirectoryClient
    {
        public Dictionary<string, string[]> Memberships { get; } = [];
        public bool Down { get; set; }
        public int Calls { get; private set; }

        public string ProviderName => "Memberships";

        public Task<IReadOnlySet<string>> GetTransitiveGroupIdsAsync(string userObjectId, CancellationToken cancellationToken = default)
        {
            Calls++;
            if (Down)
            {
                throw new DirectoryUnavailableException("Microsoft Graph kept failing after 4 attempts: 503");
            }

            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(Memberships.GetValueOrDefault(userObjectId) ?? [], StringComparer.OrdinalIgnoreCase));
        }

        public Task<DirectoryPage<DirectoryUser>> GetGroupMembersPageAsync(string groupObjectId, string? continuationToken, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Role resolution reads a person's memberships, never whole groups.");

        public Task<DirectoryUser?> GetUserAsync(string userObjectId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Role resolution needs no profile.");

        public Task<DirectoryUser?> GetManagerAsync(string userObjectId, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Role resolution needs no manager.");
    }
}
