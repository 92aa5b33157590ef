using Aims.Core.Catalog;

namespace Aims.Core.Tests.Register;

public sealed class CatalogTests
{
    private static readonly string[] ExpectedControls =
    [
        "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6",
        "A.5.2", "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5",
        "A.6.2.6", "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.8.2", "A.8.3",
        "A.8.4", "A.8.5", "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4",
    ];

    [Fact]
    public void Annex_A_has_exactly_38_controls_with_the_published_ids_in_order()
    {
        Assert.Equal(38, Iso42001Catalog.ControlCount);
        Assert.Equal(ExpectedControls, Iso42001Catalog.Controls.Select(c => c.Id));
        Assert.All(Iso42001Catalog.Controls, c => Assert.False(string.IsNullOrWhiteSpace(c.Title)));
    }

    [Fact]
    public void Annex_A_has_nine_objectives_with_the_published_control_counts()
    {
        Assert.Equal(["A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9", "A.10"], Iso42001Catalog.Objectives.Select(o => o.Id));
        Assert.Equal([3, 2, 5, 4, 9, 5, 4, 3, 3], Iso42001Catalog.Objectives.Select(o => o.Controls.Count));
        Assert.Equal("Third-party and customer relationships", Iso42001Catalog.GroupTitle("A.10"));
        Assert.Equal("A.6.2", Iso42001Catalog.Find("A.6.2.6")!.ParentId);
        Assert.Equal("A.6", Iso42001Catalog.Find("A.6.2.6")!.Group);
    }

    [Theory]
    [InlineData("A.2.2", "AI policy")]
    [InlineData("A.5.4", "Assessing AI system impact on individuals or groups of individuals")]
    [InlineData("A.6.2.8", "AI system recording of event logs")]
    [InlineData("A.7.5", "Data provenance")]
    [InlineData("A.10.4", "Customers")]
    [InlineData("6.1.3", "AI risk treatment")]
    [InlineData("9.3.2", "Management review inputs")]
    [InlineData("10.2", "Nonconformity and corrective action")]
    public void Short_titles_match_the_reference(string id, string title) => Assert.Equal(title, Iso42001Catalog.Find(id)!.Title);

    [Fact]
    public void Clauses_4_to_10_with_their_sub_clauses()
    {
        Assert.Equal(["4", "5", "6", "7", "8", "9", "10"], Iso42001Catalog.ClauseGroups.Select(c => c.Id));
        Assert.Equal(
        [
            "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.2", "6.3",
            "7.1", "7.2", "7.3", "7.4", "7.5.1", "7.5.2", "7.5.3", "8.1", "8.2", "8.3", "8.4",
            "9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3", "10.1", "10.2",
        ], Iso42001Catalog.AssessableClauses.Select(c => c.Id));
        Assert.False(Iso42001Catalog.Find("6.1")!.IsAssessable);
        Assert.Equal("9.3", Iso42001Catalog.Find("9.3.2")!.ParentId);
        Assert.Equal("10", Iso42001Catalog.Find("10.2")!.Group);
        Assert.True(Iso42001Catalog.IsClause("7.5.3"));
        Assert.True(Iso42001Catalog.IsControl("A.9.4"));
        Assert.False(Iso42001Catalog.IsControl("A.1.1"));
        Assert.Null(Iso42001Catalog.Find("A.6.1"));
    }

    [Fact]
    public void Crosswalk_targets_exist_and_include_the_reference_examples()
    {
        Assert.All(Crosswalk.All, e =>
        {
            Assert.True(e.Indicative);
            Assert.All(e.Targets, t => Assert.NotNull(Iso42001Catalog.Find(t)));
        });
        Assert.Equal(["4.1", "6.2"], Crosswalk.NistAiRmfEntries.Single(e => e.Reference == "GOVERN 1.1").Targets);
        Assert.Equal(["7.2"], Crosswalk.NistAiRmfEntries.Single(e => e.Reference == "GOVERN 2.2").Targets);
        Assert.Equal(["A.6.2.2"], Crosswalk.NistAiRmfEntries.Single(e => e.Reference == "MAP 1.6").Targets);
        Assert.Equal(["A.6.2.7"], Crosswalk.NistAiRmfEntries.Single(e => e.Reference == "MAP 2.2").Targets);
        Assert.Equal(["7.2", "7.3", "A.4.6"], Crosswalk.EuAiActEntries.Single(e => e.Reference == "Art. 4").Targets);
        Assert.Contains("A.8.2", Crosswalk.EuAiActEntries.Single(e => e.Reference == "Art. 13").Targets);
        Assert.Contains("A.9.2", Crosswalk.EuAiActEntries.Single(e => e.Reference == "Art. 14").Targets);
        Assert.Contains("6.1.4", Crosswalk.EuAiActEntries.Single(e => e.Reference == "Art. 27").Targets);
        Assert.Contains(Crosswalk.For("7.2"), e => e.Reference == "Art. 4");
    }
}
