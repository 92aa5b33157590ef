using System.Text;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Infrastructure.Evidence.Mirror;

namespace Aims.Infrastructure.Tests.Evidence;

public sealed class MirrorFileNamesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private static EvidenceItem Item(string subject, string[] clauses, string contentType = "text/plain") =>
        EvidenceEnvelope.Create(new NewEvidence(EvidenceKind.Other, subject, new Actor("oid", "A"), clauses, [], null, "s",
            Encoding.UTF8.GetBytes("x"), contentType, T0), T0).Item;

    [Theory]
    [InlineData("a\"b*c:d<e>f?g/h\\i|j", "abcdefghij")]
    [InlineData("..My file..", "My file")]
    [InlineData("~$budget.xlsx", "budget.xlsx")]
    [InlineData("100% #1", "100 1")]
    [InlineData("site/_vti_bin", "sitevtibin")]
    [InlineData("tab\there", "tabhere")]
    [InlineData("...", "")]
    public void Segments_lose_what_SharePoint_refuses(string input, string expected) =>
        Assert.Equal(expected, MirrorFileNames.SafeSegment(input, 100));

    [Fact]
    public void File_names_carry_kind_subject_and_hash_and_stay_short()
    {
        var item = Item(new string('x', 250) + " :end", ["9.2"]);
        var hash = EvidenceEnvelope.GetHash(item.Id)[..16];

        var name = MirrorFileNames.FileName(item);

        Assert.StartsWith("other-xxx", name, StringComparison.Ordinal);
        Assert.EndsWith($"-{hash}.txt", name, StringComparison.Ordinal);
        Assert.True(name.Length + MirrorFileNames.SidecarSuffix.Length <= MirrorFileNames.MaxFileNameLength, name);
        Assert.Equal($"AIMS evidence/9.2/{name}", MirrorFileNames.PayloadPath("AIMS evidence", item));
    }

    [Fact]
    public void Items_without_clauses_go_to_a_folder_of_their_own_and_unknown_types_are_bin()
    {
        var item = Item("***", [], "application/x-custom");
        var hash = EvidenceEnvelope.GetHash(item.Id)[..16];

        Assert.Equal($"Evidence/no-clause/other-{hash}.bin", MirrorFileNames.PayloadPath("/Evidence/", item));
    }
}
