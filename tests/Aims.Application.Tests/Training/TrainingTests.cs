using System.Net;
using System.Text.Json;
using Aims.Application.Demo;
using Aims.Application.Tests.Work;
using Aims.Application.Training;
using Aims.Application.Work;
using Aims.Core.Directory;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Training;
using Aims.Teams.Conversations;
using Aims.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Aims.Application.Tests.Training;

public sealed class TrainingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static string Unique(string name) => name + " " + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task The_audience_is_resolved_over_every_page_without_duplicates_or_excluded_people()
    {
        var directory = new Mock<IDirectoryClient>();
        directory.Setup(d => d.GetGroupMembersPageAsync("g-big", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([User(1), User(2)], "p2"));
        directory.Setup(d => d.GetGroupMembersPageAsync("g-big", "p2", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([User(3), User(4)], "p3"));
        directory.Setup(d => d.GetGroupMembersPageAsync("g-big", "p3", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([User(5)], null));
        directory.Setup(d => d.GetGroupMembersPageAsync("g-small", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DirectoryPage<DirectoryUser>([User(5), User(6)], null));
        var service = new TrainingService(Mock.Of<ITrainingCampaignStore>(), Mock.Of<ITrainingAssignmentStore>(), directory.Object, Mock.Of<IEvidenceStore>(),
            null!, TimeProvider.System, NullLogger<TrainingService>.Instance);
        var campaign = new TrainingCampaign("c", "t", "d", "https://x", new TrainingMaterial("m", "1", null), "s", ["g-big", "g-small"], ["oid-2"],
            new DateOnly(2030, 1, 1), [7], 3, CampaignState.Draft, [], new DateTimeOffset(2029, 12, 1, 9, 0, 0, TimeSpan.Zero), "a");

        var audience = await service.ResolveAudienceAsync(campaign, CancellationToken.None);

        Assert.Equal(["oid-1", "oid-3", "oid-4", "oid-5", "oid-6"], audience.Select(a => a.User.ObjectId));
        Assert.Equal("g-big", audience.Single(a => a.User.ObjectId == "oid-5").GroupId);
        directory.Verify(d => d.GetGroupMembersPageAsync("g-big", "p3", It.IsAny<CancellationToken>()), Times.Once);

        static DirectoryUser User(int i) => new($"oid-{i}", $"Person {i}", Department: i % 2 == 0 ? "Even" : "Odd");
    }

    [Fact]
    public async Task The_api_validates_field_by_field_and_requires_the_aims_manager_role()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var bad = TrainingHost.Campaign("", host.Today.AddDays(-1), "g-staff");
        bad["courseUrl"] = "http://insecure.example";
        bad["materialVersion"] = "v 1/../";
        bad["materialSha256"] = "xyz";
        bad["reminderDaysBeforeDue"] = new[] { 7, 7 };
        bad["audienceGroupIds"] = Array.Empty<string>();

        using var invalid = await host.SendAsync(HttpMethod.Post, "/api/campaigns", TrainingHost.Alex, bad);
        using var forbidden = await host.SendAsync(HttpMethod.Post, "/api/campaigns", TrainingHost.Nestor, TrainingHost.Campaign("x", host.Today.AddDays(9), "g-staff"));
        using var anonymous = await host.SendAsync(HttpMethod.Get, "/api/campaigns", null);
        using var missing = await host.SendAsync(HttpMethod.Get, "/api/campaigns/no-such-campaign/status", TrainingHost.Alex);
        using var missingLaunch = await host.SendAsync(HttpMethod.Post, "/api/campaigns/no-such-campaign/launch", TrainingHost.Alex);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await TrainingHost.JsonAsync(invalid)).GetProperty("errors");
        foreach (var field in new[] { "title", "courseUrl", "materialVersion", "materialSha256", "reminderDaysBeforeDue", "audienceGroupIds", "dueDate" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingLaunch.StatusCode);
    }

    [Fact]
    public async Task Launch_answers_at_once_resolves_the_audience_in_queue_work_and_cannot_run_twice()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await host.CreateAsync(TrainingHost.Campaign(Unique("Ops literacy"), host.Today.AddDays(20), "g-customer-ops"));

        using var launched = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/launch", TrainingHost.Alex);
        using var again = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/launch", TrainingHost.Alex);
        using var before = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{id}/status", TrainingHost.Alex);
        using var list = await host.SendAsync(HttpMethod.Get, "/api/campaigns", TrainingHost.Alex);

        Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        Assert.Equal($"/api/campaigns/{id}/status", launched.Headers.Location!.OriginalString);
        var launch = (await TrainingHost.JsonAsync(launched)).GetProperty("launch");
        Assert.Equal((0, false), (launch.GetProperty("pagesDone").GetInt32(), launch.GetProperty("complete").GetBoolean()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var statusBefore = await TrainingHost.JsonAsync(before);
        Assert.Equal("Launched", statusBefore.GetProperty("state").GetString());
        Assert.Equal(0, statusBefore.GetProperty("completion").GetProperty("total").GetInt32()); // nothing resolved in the request
        Assert.Contains((await TrainingHost.JsonAsync(list)).GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        // The training-launch item, as the queue trigger would run it (test hosts pump no queues).
        var handler = host.Handler<TrainingLaunchHandler>();
        await handler.HandleAsync(JsonSerializer.Serialize(new TrainingLaunchWork(id, 0)), 1, CancellationToken.None);
        await handler.HandleAsync(JsonSerializer.Serialize(new TrainingLaunchWork(id, 0)), 2, CancellationToken.None); // delivered twice
        var people = new List<TrainingAssignment>();
        await foreach (var a in host.Get<ITrainingAssignmentStore>().ListAsync(id))
        {
            people.Add(a);
            await host.SendWorkAsync(id, a.ObjectId);
        }

        using var response = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{id}/status", TrainingHost.Alex);
        var status = await TrainingHost.JsonAsync(response);
        Assert.Equal(3, people.Count);
        Assert.Equal((1, 3, true), (status.GetProperty("launch").GetProperty("pagesDone").GetInt32(), status.GetProperty("launch").GetProperty("people").GetInt32(), status.GetProperty("launch").GetProperty("complete").GetBoolean()));
        Assert.Equal(0, status.GetProperty("pending").GetInt32());
        Assert.Equal(3, status.GetProperty("sent").GetInt32());
        Assert.Equal(3, status.GetProperty("completion").GetProperty("total").GetInt32());
        Assert.Equal("g-customer-ops", Assert.Single(status.GetProperty("byGroup").EnumerateArray()).GetProperty("key").GetString());
        Assert.Contains(status.GetProperty("byDepartment").EnumerateArray(), d => d.GetProperty("key").GetString() == "Customer Operations");
        Assert.All(people, p => Assert.Single(host.Messenger.CardsTo(p.ObjectId)));
        var evidence = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = "training:" + id });
        Assert.Equal(2, evidence.Items.Count); // the confirmed launch and the resolved audience
    }

    [Fact]
    public async Task A_launch_page_the_host_gave_up_on_shows_in_the_status_and_launching_again_resumes_it()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await host.CreateAsync(TrainingHost.Campaign(Unique("Poisoned launch"), host.Today.AddDays(20), "g-customer-ops"));
        using (var launched = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/launch", TrainingHost.Alex))
        {
            Assert.Equal(HttpStatusCode.Accepted, launched.StatusCode);
        }

        // Page 0 failed five times: the host moves it to the poison queue, whose handler records why.
        var poison = host.Handler<TrainingLaunchPoisonHandler>();
        await poison.HandleAsync("not json", 1, CancellationToken.None);
        await poison.HandleAsync(JsonSerializer.Serialize(new TrainingLaunchWork(id, 0)), 1, CancellationToken.None);
        using (var stalled = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{id}/status", TrainingHost.Alex))
        {
            var launch = (await TrainingHost.JsonAsync(stalled)).GetProperty("launch");
            Assert.Contains("stopped at page 1", launch.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.False(launch.GetProperty("complete").GetBoolean());
        }

        // Launching again resumes at the stuck page and clears the error; the page then completes the audience.
        using (var resumed = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/launch", TrainingHost.Alex))
        {
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
            Assert.Equal(JsonValueKind.Null, (await TrainingHost.JsonAsync(resumed)).GetProperty("launch").GetProperty("error").ValueKind);
        }

        Assert.Null(await host.Get<TrainingService>().LaunchPageAsync(new TrainingLaunchWork(id, 0), CancellationToken.None));
        var campaign = (await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign;
        Assert.Equal((true, 3, null), (campaign.Progress!.Complete, campaign.Progress.People, campaign.Progress.Error));

        // A poisoned item for a page already done records nothing.
        await poison.HandleAsync(JsonSerializer.Serialize(new TrainingLaunchWork(id, 0)), 1, CancellationToken.None);
        Assert.Null((await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign.Progress!.Error);
    }

    [Fact]
    public async Task Launch_pages_run_once_each_in_order_and_a_retried_page_keeps_recorded_statuses()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var directory = new Mock<IDirectoryClient>();
        directory.Setup(d => d.GetGroupMembersPageAsync("g-a", null, It.IsAny<CancellationToken>())).ReturnsAsync(new DirectoryPage<DirectoryUser>([User(1), User(2)], "p2"));
        directory.Setup(d => d.GetGroupMembersPageAsync("g-a", "p2", It.IsAny<CancellationToken>())).ReturnsAsync(new DirectoryPage<DirectoryUser>([User(3), User(3)], null));
        directory.Setup(d => d.GetGroupMembersPageAsync("g-b", null, It.IsAny<CancellationToken>())).ReturnsAsync(new DirectoryPage<DirectoryUser>([User(3), User(4)], null));
        var store = host.Get<ITrainingAssignmentStore>();
        var service = new TrainingService(host.Get<ITrainingCampaignStore>(), store, directory.Object, host.Get<IEvidenceStore>(), host.Get<WorkQueue>(), host.Clock, NullLogger<TrainingService>.Instance);
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        await host.Get<ITrainingCampaignStore>().CreateAsync(new TrainingCampaign(id, "Paged", "d", "https://learn.example/c", new TrainingMaterial("m", "v1", null), "s",
            ["g-a", "g-b"], ["oid-2"], host.Today.AddDays(10), [7], 3, CampaignState.Draft, [], host.Clock.GetUtcNow(), TrainingHost.Alex));

        await service.LaunchAsync(id, new Actor(TrainingHost.Alex, "Alex"));
        await Assert.ThrowsAsync<CampaignStateException>(() => service.LaunchAsync(id, new Actor(TrainingHost.Alex, "Alex")));
        var next = await service.LaunchPageAsync(new TrainingLaunchWork(id, 0), CancellationToken.None);
        var sent = (await store.GetAsync(id, "oid-1"))! with { Status = AssignmentStatus.Sent, ActivityId = "a-1" };
        await store.UpsertAsync(sent);
        var replayed = await service.LaunchPageAsync(new TrainingLaunchWork(id, 0), CancellationToken.None); // the host re-delivers page 0
        var ahead = await service.LaunchPageAsync(new TrainingLaunchWork(id, 5), CancellationToken.None);
        var pages = new List<TrainingLaunchWork?> { next };
        while (pages[^1] is { } work)
        {
            pages.Add(await service.LaunchPageAsync(work, CancellationToken.None));
        }

        var afterEnd = await service.LaunchPageAsync(new TrainingLaunchWork(id, 2), CancellationToken.None);

        Assert.Equal(new TrainingLaunchWork(id, 1), next);
        Assert.Equal(new TrainingLaunchWork(id, 1), replayed); // re-creates the next item only, in case it was never queued
        Assert.Null(ahead);
        Assert.Equal([new TrainingLaunchWork(id, 1), new TrainingLaunchWork(id, 2), null], pages);
        Assert.Null(afterEnd);
        var campaign = (await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign;
        Assert.Equal(new LaunchProgress(3, 3, 2, null, true, campaign.Progress!.UpdatedAt), campaign.Progress);
        var assigned = new List<TrainingAssignment>();
        await foreach (var a in store.ListAsync(id))
        {
            assigned.Add(a);
        }

        Assert.Equal(["oid-1", "oid-3", "oid-4"], assigned.Select(a => a.ObjectId).Order(StringComparer.Ordinal));
        Assert.Equal("g-a", assigned.Single(a => a.ObjectId == "oid-3").GroupId);
        Assert.Equal(AssignmentStatus.Sent, assigned.Single(a => a.ObjectId == "oid-1").Status);
        directory.Verify(d => d.GetGroupMembersPageAsync("g-a", "p2", It.IsAny<CancellationToken>()), Times.Once);

        static DirectoryUser User(int i) => new($"oid-{i}", $"Person {i}");
    }

    [Fact]
    public async Task A_persons_trainings_come_from_the_person_index_and_follow_status_changes()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var store = host.Get<ITrainingAssignmentStore>();
        var person = "P-" + Guid.NewGuid().ToString("N");
        var other = Guid.NewGuid().ToString("N");
        var (c1, c2) = ("t-a" + Guid.NewGuid().ToString("N")[..12], "t-b" + Guid.NewGuid().ToString("N")[..12]);
        TrainingAssignment Row(string campaign, string oid) => new(campaign, oid, "Someone", null, "g", "v1", AssignmentStatus.Pending, null, null, host.Clock.GetUtcNow());
        await store.UpsertAsync(Row(c1, person));
        await store.UpsertManyAsync([Row(c2, person), Row(c2, other)]);
        Assert.Equal(1, await store.AddNewAsync([Row(c1, person), Row(c1, other)])); // the person is in c1 already
        await store.UpsertAsync(Row(c2, person) with { Status = AssignmentStatus.Attested });

        var mine = await store.ListForPersonAsync(person.ToUpperInvariant());
        var theirs = await store.ListForPersonAsync(other);
        var index = host.Get<Infrastructure.Storage.StorageClients>().Tables.GetTableClient(Infrastructure.Training.TableTrainingAssignmentStore.PersonIndexTableName);
        var rows = new List<Azure.Data.Tables.TableEntity>();
        await foreach (var e in index.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == person.ToLowerInvariant()))
        {
            rows.Add(e);
        }

        Assert.Equal([(c1, AssignmentStatus.Pending), (c2, AssignmentStatus.Attested)], mine.Select(a => (a.CampaignId, a.Status)).OrderBy(a => a.CampaignId, StringComparer.Ordinal));
        Assert.Equal([c1, c2], theirs.Select(a => a.CampaignId).Order(StringComparer.Ordinal));
        Assert.Equal([c1, c2], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task The_same_work_item_twice_sends_once_and_records_sent_or_unreachable()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee]);
        host.Messenger.Behaviour = oid => oid == TrainingHost.Lee ? Teams.Conversations.DeliveryResult.Unreachable("The app is not installed for this person yet.") : null!;

        await host.SendWorkAsync(id, TrainingHost.Lynne);
        await host.SendWorkAsync(id, TrainingHost.Lynne);
        await host.SendWorkAsync(id, TrainingHost.Lee);
        await host.Handler<TrainingSendHandler>().HandleAsync("{not json", 1, CancellationToken.None);

        var lynne = await host.AssignmentAsync(id, TrainingHost.Lynne);
        var lee = await host.AssignmentAsync(id, TrainingHost.Lee);
        var card = Assert.Single(host.Messenger.CardsTo(TrainingHost.Lynne));
        Assert.Equal(AssignmentStatus.Sent, lynne!.Status);
        Assert.StartsWith("activity-", lynne.ActivityId, StringComparison.Ordinal);
        Assert.Equal(AssignmentStatus.Unreachable, lee!.Status);
        Assert.Contains("not installed", lee.Reason, StringComparison.Ordinal);
        Assert.Contains("\"verb\":\"training.attest\"", card, StringComparison.Ordinal);
        Assert.Contains("\"recipient\":\"" + TrainingHost.Lynne + "\"", card, StringComparison.Ordinal);
        Assert.Contains("Action.OpenUrl", card, StringComparison.Ordinal);
        Assert.Contains("Input.Toggle", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_the_real_send_path_teams_outcomes_are_produced_not_declared()
    {
        // A loopback Bot Connector: Lynne's chat takes the card, Lee's answers 403 as Teams does for a blocked bot.
        await using var teams = await Aims.Teams.Tests.Infrastructure.LoopbackServer.StartAsync();
        teams.Handler = async (context, request) =>
        {
            context.Response.ContentType = "application/json";
            if (request.Path.Contains("conv-lee", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 403;
                await context.Response.WriteAsync("{\"error\":{\"code\":\"BotDisabledByAdmin\",\"message\":\"The bot is blocked for this user.\"}}");
                return;
            }

            context.Response.StatusCode = 201;
            await context.Response.WriteAsync("{\"id\":\"1:teams-activity-7\"}");
        };
        using var host = new TrainingHost(azurite.ConnectionString, realMessenger: true);
        var book = host.Get<Aims.Core.Messaging.IChatAddressBook>();
        foreach (var (person, conversation) in new[] { (TrainingHost.Lynne, "conv-lynne"), (TrainingHost.Lee, "conv-lee") })
        {
            await book.SaveAsync(new Aims.Core.Messaging.ChatAddress(person, "29:" + person, null, conversation, teams.BaseAddress.AbsoluteUri, "t", "bot", host.Clock.GetUtcNow()));
        }

        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee, TrainingHost.Nestor]);

        await host.SendWorkAsync(id, TrainingHost.Lynne);
        await host.SendWorkAsync(id, TrainingHost.Lee);
        await host.SendWorkAsync(id, TrainingHost.Nestor);

        var lynne = (await host.AssignmentAsync(id, TrainingHost.Lynne))!;
        var lee = (await host.AssignmentAsync(id, TrainingHost.Lee))!;
        var nestor = (await host.AssignmentAsync(id, TrainingHost.Nestor))!;
        Assert.Equal(AssignmentStatus.Sent, lynne.Status);
        Assert.Equal("1:teams-activity-7", lynne.ActivityId);
        Assert.Equal(AssignmentStatus.Failed, lee.Status);
        Assert.Contains("403", lee.Reason, StringComparison.Ordinal);
        Assert.Equal(AssignmentStatus.Unreachable, nestor.Status);
        Assert.Contains("not installed", nestor.Reason, StringComparison.Ordinal);
        var card = Assert.Single(teams.Requests, r => r.Path == "/v3/conversations/conv-lynne/activities");
        Assert.Contains("training.attest", card.Body, StringComparison.Ordinal);
        Assert.Empty(host.Messenger.Sent); // the recording messenger was not used
    }

    [Fact]
    public async Task A_send_that_keeps_failing_is_retried_then_poisoned_and_shows_as_failed_with_its_reason()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne]);
        host.Messenger.Behaviour = _ => throw new HttpRequestException("503 Service Unavailable from the connector");
        var message = JsonSerializer.Serialize(new TrainingSendWork(id, "v1", TrainingHost.Lynne));

        for (var attempt = 1; attempt <= AimsQueues.MaxDequeueCount; attempt++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => host.Handler<TrainingSendHandler>().HandleAsync(message, attempt, CancellationToken.None));
        }

        // The host moves the item to training-sends-poison; its reader marks the assignment.
        await host.Handler<TrainingSendPoisonHandler>().HandleAsync(message, 1, CancellationToken.None);
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{id}/status", TrainingHost.Alex);
        var failed = Assert.Single((await TrainingHost.JsonAsync(response)).GetProperty("failed").EnumerateArray());

        Assert.Equal(TrainingHost.Lynne, failed.GetProperty("objectId").GetString());
        Assert.Contains("503 Service Unavailable", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("after 5 attempts", failed.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Once the connector recovers, a fresh send is still possible (the claim was released each time).
        host.Messenger.Behaviour = null;
        await host.SendWorkAsync(id, TrainingHost.Lynne);
        Assert.Single(host.Messenger.CardsTo(TrainingHost.Lynne));
    }

    [Fact]
    public async Task Only_the_recipient_attests_pressing_twice_records_once_and_late_is_marked()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee]);

        var forwarded = await host.PressAttestAsync(TrainingHost.Lee, id, TrainingHost.Lynne);
        var outsider = await host.PressAttestAsync(TrainingHost.Nestor, id, TrainingHost.Nestor);
        var unconfirmed = await host.PressAttestAsync(TrainingHost.Lynne, id, TrainingHost.Lynne, confirm: "false");
        var first = await host.PressAttestAsync(TrainingHost.Lynne, id, TrainingHost.Lynne);
        host.Clock.Advance(TimeSpan.FromHours(1));
        var second = await host.PressAttestAsync(TrainingHost.Lynne, id, TrainingHost.Lynne);
        host.Clock.Advance(TimeSpan.FromDays(40));
        var late = await host.PressAttestAsync(TrainingHost.Lee, id, TrainingHost.Lee);

        Assert.Contains("Not allowed", forwarded, StringComparison.Ordinal);
        Assert.Contains("sent to someone else", forwarded, StringComparison.Ordinal);
        Assert.Contains("not in the audience", outsider, StringComparison.Ordinal);
        Assert.Contains("Tick the confirmation", unconfirmed, StringComparison.Ordinal);
        // The unticked press keeps its card: the message on top, the statement, the box and Attest still there.
        Assert.Contains("\"verb\":\"training.attest\"", unconfirmed, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"confirm\"", unconfirmed, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"confirm\"", forwarded, StringComparison.Ordinal);
        Assert.Contains("Attested on 2026-03-02 08:00 UTC", first, StringComparison.Ordinal);
        Assert.Contains("Attested on 2026-03-02 08:00 UTC", second, StringComparison.Ordinal);
        Assert.Contains("after the due date", late, StringComparison.Ordinal);

        var attestations = new List<TrainingAttestation>();
        await foreach (var a in host.Get<ITrainingAttestationStore>().ListAsync(id))
        {
            attestations.Add(a);
        }

        Assert.Equal(2, attestations.Count);
        Assert.False(attestations.Single(a => a.ObjectId == TrainingHost.Lynne).Late);
        Assert.True(attestations.Single(a => a.ObjectId == TrainingHost.Lee).Late);
        Assert.Equal(AssignmentStatus.Attested, (await host.AssignmentAsync(id, TrainingHost.Lynne))!.Status);
        var evidence = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = $"training:{id}:{TrainingHost.Lynne}" });
        var item = Assert.Single(evidence.Items);
        Assert.Equal(EvidenceKind.Attestation, item.Kind);
        Assert.Equal(["7.2", "7.3"], item.Clauses);
        Assert.Equal(["A.4.6"], item.Controls);
        using var payload = await host.Get<IEvidenceStore>().OpenPayloadAsync(item.Id);
        var json = await JsonDocument.ParseAsync(payload!);
        Assert.Equal(new string('c', 64), json.RootElement.GetProperty("materialSha256").GetString());
        Assert.Equal("3a9a8228a97378faf420c88b88ea2437040fca9726862ac899e3042445f9a205", json.RootElement.GetProperty("statementSha256").GetString());   // sha256sum of the statement
    }

    [Fact]
    public async Task Republish_asks_everyone_again_and_keeps_old_attestations_as_history()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee]);
        await host.PressAttestAsync(TrainingHost.Lynne, id, TrainingHost.Lynne);

        using var sameVersion = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/republish", TrainingHost.Alex, new { materialVersion = "v1" });
        using var republished = await host.SendAsync(HttpMethod.Post, $"/api/campaigns/{id}/republish", TrainingHost.Alex, new { materialVersion = "v2", materialSha256 = new string('d', 64) });
        var stale = await host.PressAttestAsync(TrainingHost.Lee, id, TrainingHost.Lee, version: "v1");
        await host.SendWorkAsync(id, TrainingHost.Lynne, version: "v1");
        await host.SendWorkAsync(id, TrainingHost.Lynne, version: "v2");
        var renewed = await host.PressAttestAsync(TrainingHost.Lynne, id, TrainingHost.Lynne, version: "v2");
        using var export = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{id}/export", TrainingHost.Alex);
        var csv = await export.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, sameVersion.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, republished.StatusCode);
        Assert.Equal(2, (await TrainingHost.JsonAsync(republished)).GetProperty("queued").GetInt32());
        Assert.Contains("updated to version v2", stale, StringComparison.Ordinal);
        Assert.Single(host.Messenger.CardsTo(TrainingHost.Lynne)); // the v1 item is stale and sends nothing
        Assert.Contains("Attested on", renewed, StringComparison.Ordinal);
        Assert.Equal(AssignmentStatus.Pending, (await host.AssignmentAsync(id, TrainingHost.Lee))!.Status);
        Assert.NotNull(await host.Get<ITrainingAttestationStore>().GetAsync(id, "v1", TrainingHost.Lynne));
        Assert.NotNull(await host.Get<ITrainingAttestationStore>().GetAsync(id, "v2", TrainingHost.Lynne));
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("campaignId,objectId,displayName", csv, StringComparison.Ordinal);
        Assert.Contains(",v2,Attested,", csv, StringComparison.Ordinal);
        Assert.Contains(",v1,Superseded,", csv, StringComparison.Ordinal);
        Assert.Contains(",v2,Pending,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminders_follow_the_offsets_once_and_escalation_sends_one_digest_per_manager_after_due()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var due = host.Today.AddDays(10);
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee, TrainingHost.Megan], due);
        await host.PressAttestAsync(TrainingHost.Lee, id, TrainingHost.Lee);
        var job = host.Get<TrainingFollowUpJob>();
        async Task<FollowUpRound> RunOn(DateOnly day)
        {
            host.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(7, 0)), TimeSpan.Zero));
            var campaign = (await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign;
            return await job.FollowUpAsync(campaign, CancellationToken.None);
        }

        var early = await RunOn(due.AddDays(-8));
        var week = await RunOn(due.AddDays(-7));
        await host.SendWorkAsync(id, TrainingHost.Lynne, kind: TrainingSendWork.Reminder(7));
        await host.SendWorkAsync(id, TrainingHost.Lynne, kind: TrainingSendWork.Reminder(7));
        var weekAgain = await RunOn(due.AddDays(-6));
        var lastDay = await RunOn(due.AddDays(-1));
        var beforeEscalation = await RunOn(due.AddDays(2));
        var escalation = await RunOn(due.AddDays(3));
        var escalationAgain = await RunOn(due.AddDays(4));

        Assert.Equal((null, 0), (early.ReminderOffset, early.RemindersQueued));
        Assert.Equal((7, 2), (week.ReminderOffset, week.RemindersQueued));
        Assert.Equal(1, weekAgain.RemindersQueued); // Lynne had the 7-day reminder; Megan's was not sent yet
        Assert.Equal((1, 2), (lastDay.ReminderOffset, lastDay.RemindersQueued));
        Assert.Equal((null, 0, 0), (beforeEscalation.ReminderOffset, beforeEscalation.RemindersQueued, beforeEscalation.ManagersNotified));
        Assert.Equal(2, escalation.ManagersNotified); // Patti for Lynne, Adele for Megan
        Assert.Equal(0, escalationAgain.ManagersNotified);

        var reminder = Assert.Single(host.Messenger.CardsTo(TrainingHost.Lynne));
        Assert.Contains("Reminder: due in 7 days", reminder, StringComparison.Ordinal);
        var digest = Assert.Single(host.Messenger.CardsTo(TrainingHost.Patti));
        Assert.Contains("Lynne Robbins", digest, StringComparison.Ordinal);
        Assert.DoesNotContain("Lee Gu", digest, StringComparison.Ordinal);
        Assert.Contains(host.Messenger.CardsTo(TrainingHost.Alex), c => c.Contains("Training follow-up", StringComparison.Ordinal));
        Assert.True((await host.AssignmentAsync(id, TrainingHost.Lynne))!.Escalated);
        var rounds = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = "training:" + id, Kind = EvidenceKind.Notification });
        Assert.Equal(4, rounds.Items.Count);
    }

    [Fact]
    public async Task Training_lists_own_open_cards_and_campaign_shows_the_status_card()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var title = Unique("Command literacy");
        var id = await SeedLaunchedAsync(host, [TrainingHost.Lynne, TrainingHost.Lee], title: title);
        await host.PressAttestAsync(TrainingHost.Lee, id, TrainingHost.Lee);
        var commands = host.Get<IEnumerable<IBotCommand>>().ToList();
        var training = commands.OfType<TrainingCommand>().Single();
        var campaign = commands.OfType<CampaignCommand>().Single();

        var lynne = await host.RunCommandAsync(training, TrainingHost.Lynne, [AimsRole.Staff], "");
        var lee = await host.RunCommandAsync(training, TrainingHost.Lee, [AimsRole.Staff], "");
        var status = await host.RunCommandAsync(campaign, TrainingHost.Alex, [AimsRole.AimsManager], id);

        Assert.Contains(lynne, c => c.Contains(title, StringComparison.Ordinal) && c.Contains(TrainingHost.Lynne, StringComparison.Ordinal));
        Assert.DoesNotContain(lynne, c => c.Contains("attested 2026", StringComparison.Ordinal));
        // Lee has nothing open: one card says so and lists what he completed, with the date he attested.
        var leeCard = Assert.Single(lee);
        Assert.Contains("No open trainings", leeCard, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"{title}\",\"value\":\"attested 2026-03-02 (version v1)\"", leeCard, StringComparison.Ordinal);
        Assert.DoesNotContain(TrainingHost.Lee, leeCard, StringComparison.Ordinal); // no Attest button with his id
        Assert.Contains("1 of 2 (50 %)", Assert.Single(status), StringComparison.Ordinal);
        Assert.Equal([AimsRole.AimsManager], campaign.AllowedRoles);
    }

    [Fact]
    public async Task A_manager_creates_a_campaign_on_the_form_card_sees_the_audience_and_launches_it_once()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var command = host.Get<IEnumerable<IBotCommand>>().OfType<CampaignCommand>().Single();
        var form = Assert.Single(await host.RunCommandAsync(command, TrainingHost.Alex, [AimsRole.AimsManager], "new"));
        var formId = JsonDocument.Parse(form).RootElement.GetProperty("actions")[0].GetProperty("data").GetProperty(CampaignFormCard.FormIdKey).GetString()!;
        // The client checks the required fields before sending: each is marked with its own message; optional ones are not.
        var inputs = JsonDocument.Parse(form).RootElement.GetProperty("body").EnumerateArray().Where(e => e.TryGetProperty("id", out _)).ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.All(new[] { "title", "description", "courseUrl", "materialName", "materialVersion", "statement", "audienceGroupIds", "dueDate" },
            id => Assert.True(inputs[id].GetProperty("isRequired").GetBoolean() && inputs[id].GetProperty("errorMessage").GetString()!.Length > 0, id));
        Assert.All(new[] { "materialSha256", "excludedObjectIds", "reminderDaysBeforeDue" }, id => Assert.False(inputs[id].TryGetProperty("isRequired", out _), id));
        var title = Unique("Form literacy");
        var fields = new Dictionary<string, string?>
        {
            [CampaignFormCard.FormIdKey] = formId,
            ["title"] = title,
            ["description"] = "What the form campaign teaches.",
            ["courseUrl"] = "http://insecure.example/course",
            ["materialName"] = "Slides",
            ["materialVersion"] = "v1",
            ["materialSha256"] = "",
            ["statement"] = "I completed the form training.",
            ["audienceGroupIds"] = "",
            ["excludedObjectIds"] = "",
            ["dueDate"] = host.Today.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["reminderDaysBeforeDue"] = "7, soon",
            ["escalationDaysAfterDue"] = "3",
        };
        var id = "tc-" + formId;

        var refusedCreate = await host.PressAsync(TrainingHost.Nestor, CampaignFormCard.VerbCreate, fields);
        var invalid = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbCreate, fields);
        var storedAfterInvalid = await host.Get<ITrainingCampaignStore>().GetAsync(id);
        fields["courseUrl"] = "https://learn.example/form";
        fields["audienceGroupIds"] = "g-customer-ops";
        fields["reminderDaysBeforeDue"] = "7, 1";
        var confirm = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbCreate, fields);
        var confirmAgain = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbCreate, fields);
        var refusedLaunch = await host.PressAsync(TrainingHost.Nestor, CampaignFormCard.VerbLaunch, new Dictionary<string, string?> { ["campaignId"] = id });
        var stateAfterRefusal = (await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign.State;
        var presses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbLaunch, new Dictionary<string, string?> { ["campaignId"] = id })));

        Assert.Contains("Not allowed", refusedCreate, StringComparison.Ordinal);
        Assert.Null(storedAfterInvalid);
        Assert.Contains("Nothing was saved", invalid, StringComparison.Ordinal);
        Assert.Contains("An absolute https:// link.", invalid, StringComparison.Ordinal);
        Assert.Contains("At least one group id.", invalid, StringComparison.Ordinal);
        Assert.Contains("Whole numbers of days", invalid, StringComparison.Ordinal);
        Assert.Contains(title, invalid, StringComparison.Ordinal); // what was typed stays on the card
        Assert.Contains("3 people", confirm, StringComparison.Ordinal);
        Assert.Contains(CampaignFormCard.VerbLaunch, confirm, StringComparison.Ordinal);
        Assert.Equal(confirm, confirmAgain); // the second press shows the same draft
        Assert.Single(await host.Get<ITrainingCampaignStore>().ListAsync(), c => c.Campaign.Title == title);
        Assert.Contains("Not allowed", refusedLaunch, StringComparison.Ordinal);
        Assert.Equal(CampaignState.Draft, stateAfterRefusal);
        Assert.All(presses, p => Assert.Contains("Campaign launched", p, StringComparison.Ordinal));
        var campaign = (await host.Get<ITrainingCampaignStore>().GetAsync(id))!.Campaign;
        Assert.Equal((CampaignState.Launched, TrainingHost.Alex), (campaign.State, campaign.LaunchedBy));
        Assert.Equal(["g-customer-ops"], campaign.AudienceGroupIds);
        Assert.Equal([7, 1], campaign.ReminderDaysBeforeDue);
        var launches = await host.Get<IEvidenceStore>().ListAsync(new EvidenceQuery { Subject = "training:" + id });
        Assert.Single(launches.Items);
    }

    [Fact]
    public async Task A_refused_launch_keeps_the_confirmation_card_with_the_reason_on_it()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var id = await host.CreateAsync(TrainingHost.Campaign(Unique("Empty audience"), host.Today.AddDays(20), "g-nobody-" + Guid.NewGuid().ToString("N")[..6]));

        var refused = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbLaunch, new Dictionary<string, string?> { ["campaignId"] = id });
        var outsider = await host.PressAsync(TrainingHost.Nestor, CampaignFormCard.VerbLaunch, new Dictionary<string, string?> { ["campaignId"] = id });

        Assert.Contains("The audience groups have no members.", refused, StringComparison.Ordinal);
        Assert.Contains("Draft saved: check it, then launch", refused, StringComparison.Ordinal);
        Assert.Contains($"\"verb\":\"{CampaignFormCard.VerbLaunch}\"", refused, StringComparison.Ordinal);
        // Someone who may not launch gets the refusal alone, not the draft.
        Assert.Contains("Not allowed", outsider, StringComparison.Ordinal);
        Assert.DoesNotContain("Draft saved", outsider, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_launched_card_is_updated_with_the_audience_size_once_the_audience_is_resolved()
    {
        using var host = new TrainingHost(azurite.ConnectionString, recordConnector: true);
        var id = await host.CreateAsync(TrainingHost.Campaign(Unique("Launch card"), host.Today.AddDays(20), "g-customer-ops"));

        var launched = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbLaunch, new Dictionary<string, string?> { ["campaignId"] = id }, cardMessageId: "card-" + id);
        var beforeResolution = host.Connector.Updated.Count(u => u.ActivityId == "card-" + id);
        await QueueDrain.DrainAsync(host.Services, AimsQueues.TrainingLaunch, _ => true);
        await QueueDrain.AnnouncementsAsync(host.Services, id);
        await QueueDrain.AnnouncementsAsync(host.Services, id); // nothing left: the copy is replaced once

        Assert.Contains("being resolved", launched, StringComparison.Ordinal);
        Assert.Equal(0, beforeResolution);
        var update = Assert.Single(host.Connector.Updated, u => u.ActivityId == "card-" + id);
        Assert.Contains("\"title\":\"Audience\",\"value\":\"3 people\"", update.Card, StringComparison.Ordinal);
        Assert.DoesNotContain("being resolved", update.Card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_seed_is_idempotent()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var seed = host.Get<IEnumerable<IDemoSeed>>().OfType<TrainingDemoSeed>().Single();

        await seed.SeedAsync(CancellationToken.None);
        var second = await seed.SeedAsync(CancellationToken.None);
        using var response = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{TrainingDemoSeed.LiteracyId}/status", TrainingHost.Alex);
        var status = await TrainingHost.JsonAsync(response);
        using var draft = await host.SendAsync(HttpMethod.Get, $"/api/campaigns/{TrainingDemoSeed.DraftId}", TrainingHost.Alex);

        Assert.Equal(0, second);
        Assert.Equal("AI literacy 2026 (EU AI Act Art. 4)", status.GetProperty("title").GetString());
        Assert.Equal(10, status.GetProperty("completion").GetProperty("total").GetInt32());
        Assert.Equal(4, status.GetProperty("completion").GetProperty("attested").GetInt32());
        Assert.Equal("Draft", (await TrainingHost.JsonAsync(draft)).GetProperty("state").GetString());
    }

    /// <summary>A launched campaign with assignments written directly (nothing queued, so no pump can race the test).</summary>
    private static async Task<string> SeedLaunchedAsync(TrainingHost host, string[] people, DateOnly? due = null, string? title = null)
    {
        var id = "t-" + Guid.NewGuid().ToString("N")[..12];
        var now = host.Clock.GetUtcNow();
        var campaign = new TrainingCampaign(id, title ?? "Test training", "What to learn.", "https://learn.example/c", new TrainingMaterial("E-learning", "v1", new string('c', 64)),
            "I completed the training.", ["g-staff"], [], due ?? host.Today.AddDays(10), [7, 1], 3, CampaignState.Launched, [], now, TrainingHost.Alex, now, TrainingHost.Alex);
        await host.Get<ITrainingCampaignStore>().CreateAsync(campaign);
        var directory = host.Get<IDirectoryClient>();
        foreach (var person in people)
        {
            var user = (await directory.GetUserAsync(person))!;
            await host.Get<ITrainingAssignmentStore>().UpsertAsync(new TrainingAssignment(id, person, user.DisplayName, user.Department, "g-staff", "v1", AssignmentStatus.Pending, null, null, now));
        }

        return id;
    }
}
