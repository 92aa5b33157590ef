using System.Globalization;
using System.Text.Json;
using Aims.Application.Training;
using Aims.Core.Identity;
using Aims.Core.Training;
using Aims.Teams.Cards;
using Aims.Teams.Connector;
using Aims.Teams.Conversations;
using Aims.Testing;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Aims.Application.Tests.Training;

/// <summary>
/// The campaign form's group and people pickers (Teams' dynamic typeahead) through the DevHost in memory and the demo directory:
/// the form's shape, the <c>application/search</c> invoke through the activity router, and the check of what was picked.
/// </summary>
public sealed class DirectoryTypeaheadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Adele = "00000000-0000-0000-0000-0000000000022";

    [Fact]
    public async Task The_campaign_form_asks_for_groups_and_people_by_name_through_the_typeahead()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var command = host.Get<IEnumerable<IBotCommand>>().OfType<CampaignCommand>().Single();

        var form = JsonDocument.Parse(Assert.Single(await host.RunCommandAsync(command, TrainingHost.Alex, [AimsRole.AimsManager], "new"))).RootElement;

        var inputs = form.GetProperty("body").EnumerateArray().Where(e => e.TryGetProperty("id", out _)).ToDictionary(e => e.GetProperty("id").GetString()!);
        foreach (var (id, dataset) in new[] { ("audienceGroupIds", "groups"), ("excludedObjectIds", "people") })
        {
            var picker = inputs[id];
            Assert.Equal("Input.ChoiceSet", picker.GetProperty("type").GetString());
            Assert.Equal("filtered", picker.GetProperty("style").GetString());
            Assert.True(picker.GetProperty("isMultiSelect").GetBoolean());
            Assert.Equal("Data.Query", picker.GetProperty("choices.data").GetProperty("type").GetString());
            Assert.Equal(dataset, picker.GetProperty("choices.data").GetProperty("dataset").GetString());
            Assert.Equal(0, picker.GetProperty("choices").GetArrayLength());
        }

        Assert.Equal("Audience (groups)", inputs["audienceGroupIds"].GetProperty("label").GetString());
        Assert.True(inputs["audienceGroupIds"].GetProperty("isRequired").GetBoolean());
        Assert.False(inputs["excludedObjectIds"].TryGetProperty("isRequired", out _));
        Assert.DoesNotContain("object id", form.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_typeahead_finds_groups_and_people_by_part_of_their_name_for_a_manager_only()
    {
        using var host = new TrainingHost(azurite.ConnectionString);

        var groups = await SearchAsync(host, TrainingHost.Alex, "groups", "scien");
        var people = await SearchAsync(host, TrainingHost.Alex, "people", "  ADELE ");
        var firstOps = await SearchAsync(host, TrainingHost.Alex, "groups", "o", skip: 0, top: 2);
        var nextOps = await SearchAsync(host, TrainingHost.Alex, "groups", "o", skip: 2, top: 2);
        var empty = await SearchAsync(host, TrainingHost.Alex, "groups", "   ");
        var staff = await SearchAsync(host, TrainingHost.Nestor, "groups", "scien");
        var anonymous = await SearchAsync(host, null, "people", "adele");
        var unknownDataset = await SearchAsync(host, TrainingHost.Alex, "risks", "r");

        Assert.Equal(200, groups.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.search.searchResponse", groups.GetProperty("type").GetString());
        Assert.Equal([("Data Science", "g-data-science")], Results(groups));
        Assert.Equal([("Adele Vance (adelev@contoso.example)", Adele)], Results(people));
        // The demo's groups containing "o", by name: AI Risk Owners, AIMS scope: all staff, Customer Operations.
        Assert.Equal(["g-risk-owners", "g-staff"], Results(firstOps).Select(r => r.Value));
        Assert.Equal(["g-customer-ops"], Results(nextOps).Select(r => r.Value));
        Assert.Empty(Results(empty));
        foreach (var refused in new[] { staff, anonymous })
        {
            Assert.Equal(403, refused.GetProperty("statusCode").GetInt32());
            Assert.Equal("application/vnd.microsoft.error", refused.GetProperty("type").GetString());
            Assert.False(refused.GetProperty("value").TryGetProperty("results", out _));
        }

        Assert.Equal(400, unknownDataset.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Picked_ids_are_checked_against_the_directory_and_refused_under_their_field_by_its_label()
    {
        using var host = new TrainingHost(azurite.ConnectionString);
        var formId = Guid.NewGuid().ToString("N")[..12];
        var fields = new Dictionary<string, string?>
        {
            [CampaignFormCard.FormIdKey] = formId,
            ["title"] = "Picked audience " + formId,
            ["description"] = "What the campaign teaches.",
            ["courseUrl"] = "https://learn.example/picked",
            ["materialName"] = "Slides",
            ["materialVersion"] = "v1",
            ["statement"] = "I completed the training.",
            // A forged press: a group that does not exist and a person's id where a group belongs.
            ["audienceGroupIds"] = "g-data-science,g-forged," + Adele,
            ["excludedObjectIds"] = "00000000-0000-0000-0000-0000000000026,nobody-here",
            ["dueDate"] = host.Today.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };

        var refused = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbCreate, fields);

        Assert.Contains("Nothing was saved", refused, StringComparison.Ordinal);
        Assert.Contains($"Audience (groups): '{Adele}', 'g-forged' are not groups of the directory.", refused, StringComparison.Ordinal);
        Assert.Contains("Excluded people (optional): 'nobody-here' is not a person of the directory.", refused, StringComparison.Ordinal);
        Assert.Null(await host.Get<ITrainingCampaignStore>().GetAsync("tc-" + formId));
        // The form shown again keeps what was found, by name.
        var card = JsonDocument.Parse(refused).RootElement.GetProperty("value");
        var inputs = card.GetProperty("body").EnumerateArray().Where(e => e.TryGetProperty("id", out _)).ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal("g-data-science", inputs["audienceGroupIds"].GetProperty("value").GetString());
        Assert.Equal("Data Science", Assert.Single(inputs["audienceGroupIds"].GetProperty("choices").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal("00000000-0000-0000-0000-0000000000026", inputs["excludedObjectIds"].GetProperty("value").GetString());
        Assert.Equal("Diego Siciliani", Assert.Single(inputs["excludedObjectIds"].GetProperty("choices").EnumerateArray()).GetProperty("title").GetString());

        fields["audienceGroupIds"] = "g-data-science";
        fields["excludedObjectIds"] = "00000000-0000-0000-0000-0000000000026";
        var confirm = await host.PressAsync(TrainingHost.Alex, CampaignFormCard.VerbCreate, fields);

        Assert.Contains("2 people", confirm, StringComparison.Ordinal); // Data Science without Diego
        var campaign = (await host.Get<ITrainingCampaignStore>().GetAsync("tc-" + formId))!.Campaign;
        Assert.Equal(["g-data-science"], campaign.AudienceGroupIds);
        Assert.Equal(["00000000-0000-0000-0000-0000000000026"], campaign.ExcludedObjectIds);
    }

    private static async Task<JsonElement> SearchAsync(TrainingHost host, string? actor, string dataset, string? query, int skip = 0, int top = 15)
    {
        var router = host.Services.GetServices<IActivityHandler>().Single();
        var activity = BotTurns.Search(actor, dataset, query, skip, top);
        var response = await router.HandleAsync(new TurnContext(activity, new Uri(activity.ServiceUrl!), Mock.Of<IConnectorClient>(), CancellationToken.None));
        Assert.Equal(200, response!.Status);
        return JsonSerializer.SerializeToElement(response.Body, CardJson.Options);
    }

    private static List<(string Title, string Value)> Results(JsonElement answer) =>
        [.. answer.GetProperty("value").GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("title").GetString()!, r.GetProperty("value").GetString()!))];
}
