using Aims.Application.Evidence;

namespace Aims.Application.Tests.Evidence;

public sealed class AuditPackNamesTests
{
    [Theory]
    [InlineData("../../etc/passwd", "etc/passwd")]
    [InlineData("/abs/path.txt", "abs/path.txt")]
    [InlineData("registers\\..\\..\\x.csv", "registers/x.csv")]
    [InlineData("evidence/payloads/abc.json", "evidence/payloads/abc.json")]
    [InlineData("sp ace/na:me?.csv", "sp_ace/na_me_.csv")]
    public void Zip_paths_cannot_escape_their_folder(string input, string expected) =>
        Assert.Equal(expected, AuditPackNames.SafePath(input));

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Csv_cells_are_quoted_and_never_formulas(string input, string expected) =>
        Assert.Equal(expected, Csv.Cell(input));
}
