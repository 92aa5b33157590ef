using Aims.Core.Directory;
using Aims.Core.Identity;
using Moq;

namespace Aims.Core.Tests.Directory;

public sealed class DirectoryClientExtensionsTests
{
    private static Mock<IDirectoryClient> Directory()
    {
        var directory = new Mock<IDirectoryClient>();
        directory.Setup(d => d.GetGroupMembersPageAsync("g1", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([new("a", "A"), new("b", "B")], "p2"));
        directory.Setup(d => d.GetGroupMembersPageAsync("g1", "p2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([new("c", "C")], null));
        directory.Setup(d => d.GetGroupMembersPageAsync("g2", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([new("B", "B again"), new("d", "D")], null));
        return directory;
    }

    [Fact]
    public async Task Members_are_read_page_by_page_to_the_last_page()
    {
        var ids = new List<string>();
        await foreach (var user in Directory().Object.EnumerateGroupMembersAsync("g1"))
        {
            ids.Add(user.ObjectId);
        }

        Assert.Equal(["a", "b", "c"], ids);
    }

    [Fact]
    public async Task Role_members_come_from_every_group_of_the_role_once_each_and_stop_at_the_limit()
    {
        var groups = new RoleGroupOptions();
        groups.Groups["TopManagement"] = "g1, g2";
        var directory = Directory();

        var all = await directory.Object.GetRoleMembersAsync(groups, AimsRole.TopManagement);
        var two = await directory.Object.GetRoleMembersAsync(groups, AimsRole.TopManagement, max: 2);
        var none = await directory.Object.GetRoleMembersAsync(groups, AimsRole.Auditor);

        Assert.Equal(["a", "b", "c", "d"], all.Select(u => u.ObjectId));
        Assert.Equal(["a", "b"], two.Select(u => u.ObjectId));
        Assert.Empty(none);
        directory.Verify(d => d.GetGroupMembersPageAsync("g1", "p2", It.IsAny<CancellationToken>()), Times.Once); // the limit stopped before page 2 the second time
    }
}
