using System.Globalization;
using System.Runtime.CompilerServices;
using Aims.Core.Objectives;
using Aims.Core.Register;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Objectives;

/// <summary>
/// Measurements in Table Storage: partition = series (an objective id, or a monitored system and metric), row key = inverted
/// measurement time then the measurement id, so a series reads newest first and a retried post (same id) adds nothing.
/// </summary>
public sealed class TableMeasurementLog(StorageClients clients) : IMeasurementLog
{
    public const string TableName = "measurements";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> AppendAsync(string series, Measurement measurement, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        ArgumentNullException.ThrowIfNull(measurement);
        var entity = new TableEntity(TableKey.Escape(series), RowKey(measurement.At, measurement.Id)) { ["Value"] = measurement.Value, ["At"] = measurement.At };
        TableJson.Write(entity, measurement, RegisterJson.Options);
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<Measurement> ListAsync(string series, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(series);
        var pk = TableKey.Escape(series);
        // Newest first: everything at or after 'since' has a row key below the inverted 'since' followed by any id.
        var query = since is { } from
            ? Table.QueryAsync<TableEntity>(e => e.PartitionKey == pk && e.RowKey.CompareTo(Inverted(from) + "~") < 0, maxPerPage: 500, cancellationToken: cancellationToken)
            : Table.QueryAsync<TableEntity>(e => e.PartitionKey == pk, maxPerPage: 500, cancellationToken: cancellationToken);
        await foreach (var entity in query)
        {
            yield return TableJson.Read<Measurement>(entity, RegisterJson.Options);
        }
    }

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static string RowKey(DateTimeOffset at, string id) => Inverted(at) + "-" + TableKey.Escape(id);
}
