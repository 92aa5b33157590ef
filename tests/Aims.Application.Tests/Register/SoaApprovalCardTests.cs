using System.Net;
using System.Text.RegularExpressions;
using Aims.Application.Register;
using Aims.Application.Tests.Reviews;
using Aims.Application.Tests.Work;
using Aims.Core.Soa;

namespace Aims.Application.Tests.Register;

/// <summary>
/// The SoA approved in Teams (6.1.3): an AIMS manager submits the live changes, top management gets a card listing them, and
/// Approve records the version only for top management, only for what the card showed, never for someone who edited it.
/// </summary>
public sealed partial class SoaApprovalCardTests : IClassFixture<DedicatedAzurite>, IDisposable
{
    private const string Alex = ReviewHost.Alex;
    private const string Megan = ReviewHost.Megan;
    private const string Adele = ReviewHost.Adele;
    private readonly ReviewHost _host;

    public SoaApprovalCardTests(DedicatedAzurite azurite) => _host = new ReviewHost(azurite.ConnectionString, new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _host.Dispose();

    [GeneratedRegex("\"fingerprint\":\"([0-9a-f]{16})\"")]
    private static partial Regex FingerprintOf();

    [Fact]
    public async Task Top_management_approves_on_the_card_only_what_it_showed_and_only_as_top_management()
    {
        var soa = _host.Get<ISoaStore>();
        await soa.SaveAsync(SoaEntry.Default("A.6.2.4") with { Justification = "Verification before every release", UpdatedAt = _host.Clock.GetUtcNow(), UpdatedBy = Alex }, null);

        Assert.Equal(HttpStatusCode.Forbidden, (await _host.SendAsync(HttpMethod.Post, "/api/soa/submit", Megan)).Status);
        var (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/soa/submit", Alex);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(1, body.GetProperty("changes").GetInt32());
        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, SoaService.CardSubject));

        // Adele (top management, no edits) gets the card; Alex edited, so he does not.
        var card = Assert.Single(_host.Connector.CardsTo(Adele), c => c.Contains("approval requested", StringComparison.Ordinal));
        Assert.Contains("A.6.2.4: justification changed", card, StringComparison.Ordinal);
        Assert.Contains(SoaApprovalCard.VerbApprove, card, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.CardsTo(Alex), c => c.Contains("approval requested", StringComparison.Ordinal));
        var fingerprint = FingerprintOf().Match(card).Groups[1].Value;

        // A forged press by Alex is refused and records nothing.
        var forged = await _host.PressAsync(Alex, SoaApprovalCard.VerbApprove, new Dictionary<string, string?> { ["fingerprint"] = fingerprint });
        Assert.Contains("You cannot approve the Statement of Applicability: it needs the role TopManagement", forged, StringComparison.Ordinal);
        Assert.Empty(await soa.ListVersionsAsync());

        // A press without its fingerprint is refused by the field's label.
        Assert.Contains("SoA fingerprint", await _host.PressAsync(Adele, SoaApprovalCard.VerbApprove, new Dictionary<string, string?>()), StringComparison.Ordinal);

        // The SoA changes after the card was sent: Adele's press approves nothing and shows the changes as they are now.
        await soa.SaveAsync(SoaEntry.Default("A.7.4") with { Justification = "Data quality checks", UpdatedAt = _host.Clock.GetUtcNow(), UpdatedBy = Megan }, null);
        var stale = await _host.PressAsync(Adele, SoaApprovalCard.VerbApprove, new Dictionary<string, string?> { ["fingerprint"] = fingerprint });
        Assert.Contains("the SoA changed since this card was sent", stale, StringComparison.Ordinal);
        Assert.Contains("A.7.4: justification changed", stale, StringComparison.Ordinal);
        Assert.Empty(await soa.ListVersionsAsync());

        // Approving what the fresh card shows records version 1, by Adele.
        var approved = await _host.PressAsync(Adele, SoaApprovalCard.VerbApprove, new Dictionary<string, string?> { ["fingerprint"] = FingerprintOf().Match(stale).Groups[1].Value });
        Assert.Contains("Statement of Applicability version 1 approved", approved, StringComparison.Ordinal);
        var version = Assert.Single(await soa.ListVersionsAsync());
        Assert.Equal(Adele, version.ApprovedBy);
        Assert.DoesNotContain(SoaApprovalCard.VerbApprove, approved, StringComparison.Ordinal);

        // Every copy of the request is replaced by the approval; nothing is left to submit.
        Assert.Equal(1, await QueueDrain.AnnouncementsAsync(_host.Services, SoaService.CardSubject));
        Assert.Contains(_host.Connector.Updated, u => u.Card.Contains("version 1 approved", StringComparison.Ordinal));
        (status, body) = await _host.SendAsync(HttpMethod.Post, "/api/soa/submit", Alex);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Nothing to approve: the live entries are approved version 1.", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
