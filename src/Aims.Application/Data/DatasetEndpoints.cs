using Aims.Application.Http;
using Aims.Application.Register;
using Aims.Core.Data;

namespace Aims.Application.Data;

/// <summary>The dataset register endpoints (A.7), declared once; both hosts serve exactly these.</summary>
public static class DatasetEndpoints
{
    /// <summary>Routes (relative to /api), one constant per endpoint, named as its function; the Functions triggers use the same constants.</summary>
    public static class Routes
    {
        public const string ListDatasets = "datasets";
        public const string CreateDataset = "datasets";
        public const string GetDataset = "datasets/{id}";
        public const string UpdateDataset = "datasets/{id}";
        public const string AddQualityCheck = "datasets/{id}/quality-checks";
    }

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        Declare.Get<ListDatasetsHandler>(nameof(Routes.ListDatasets), Routes.ListDatasets, EndpointAccess.Require(RegisterApi.Readers, "read the dataset register"))
            .Describe("Datasets, filtered by AI system (?systemId=)."),
        Declare.Post<CreateDatasetHandler, DatasetInput>(nameof(Routes.CreateDataset), Routes.CreateDataset, EndpointAccess.Require(DatasetService.Editors, "keep the dataset register"))
            .Describe("Registers a dataset: systems, source, licence, acquisition date, personal data and its basis, provenance, preparation, version."),
        Declare.Get<GetDatasetHandler>(nameof(Routes.GetDataset), Routes.GetDataset, EndpointAccess.Require(RegisterApi.Readers, "read the dataset register"))
            .Describe("One dataset with its quality checks; its version in the ETag header."),
        Declare.Put<UpdateDatasetHandler, DatasetInput>(nameof(Routes.UpdateDataset), Routes.UpdateDataset, EndpointAccess.Require(DatasetService.Editors, "keep the dataset register"))
            .Describe("Replaces a dataset's details (a new version label records a new version; If-Match honoured)."),
        Declare.Post<AddQualityCheckHandler, QualityCheckInput>(nameof(Routes.AddQualityCheck), Routes.AddQualityCheck, EndpointAccess.Require(DatasetService.Editors, "record data quality checks"))
            .Describe("Records a data quality check of the dataset's current version (A.7.4)."),
    ];
}
