using Aims.Application.Http;
using Aims.Core.Training;

namespace Aims.Application.Training;

/// <summary>The training campaign endpoints, declared once; both hosts serve exactly these.</summary>
public static class TrainingEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string CreateCampaign = "campaigns";
        public const string ListCampaigns = "campaigns";
        public const string GetCampaign = "campaigns/{id}";
        public const string LaunchCampaign = "campaigns/{id}/launch";
        public const string RepublishCampaign = "campaigns/{id}/republish";
        public const string GetCampaignStatus = "campaigns/{id}/status";
        public const string ExportCampaign = "campaigns/{id}/export";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Post<CreateCampaignHandler, CampaignRequest>(nameof(Routes.CreateCampaign), Routes.CreateCampaign, EndpointAccess.Require(TrainingApi.Managers, "create training campaigns"))
            .Describe("Creates a draft training campaign."),
        Declare.Get<ListCampaignsHandler>(nameof(Routes.ListCampaigns), Routes.ListCampaigns, EndpointAccess.Require(TrainingApi.Managers, "read training campaigns"))
            .Describe("Every training campaign, newest first."),
        Declare.Get<GetCampaignHandler>(nameof(Routes.GetCampaign), Routes.GetCampaign, EndpointAccess.Require(TrainingApi.Managers, "read training campaigns"))
            .Describe("One campaign; its version in the ETag header."),
        Declare.Post<LaunchCampaignHandler>(nameof(Routes.LaunchCampaign), Routes.LaunchCampaign, EndpointAccess.Require(TrainingApi.Managers, "launch training campaigns"))
            .Describe("Launches a campaign; 202 with the status URL."),
        Declare.Post<RepublishCampaignHandler, RepublishRequest>(nameof(Routes.RepublishCampaign), Routes.RepublishCampaign, EndpointAccess.Require(TrainingApi.Managers, "republish training material"))
            .Describe("A new material version; everyone attests again."),
        Declare.Get<CampaignStatusHandler>(nameof(Routes.GetCampaignStatus), Routes.GetCampaignStatus, EndpointAccess.Require(TrainingApi.Managers, "read training campaigns"))
            .Describe("Completion by group and department, overdue, unreachable and failed."),
        Declare.Get<ExportCampaignHandler>(nameof(Routes.ExportCampaign), Routes.ExportCampaign, EndpointAccess.Require(TrainingApi.Managers, "export training campaigns"))
            .Describe("One row per person as CSV, earlier attestations as history."),
    ];
}
