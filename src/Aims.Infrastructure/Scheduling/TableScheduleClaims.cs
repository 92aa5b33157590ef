using System.Globalization;
using Aims.Core.Scheduling;
using Aims.Infrastructure.Storage;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Scheduling;

/// <summary>Occurrence claims in Table Storage: partition = job, row = scheduled time (UTC). Insert-if-absent is the claim.</summary>
public sealed class TableScheduleClaims(StorageClients clients) : IScheduleClaims
{
    public const string TableName = "schedules";

    private TableClient Table => clients.Tables.GetTableClient(TableName);

    public async Task<bool> TryClaimAsync(string job, DateTimeOffset occurrence, string owner, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(TableKey.Escape(job), Row(occurrence)) { ["Status"] = "running", ["Owner"] = owner }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task CompleteAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default) =>
        await Table.UpdateEntityAsync(new TableEntity(TableKey.Escape(job), Row(occurrence)) { ["Status"] = "done" }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    public async Task ReleaseAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default) =>
        await Table.DeleteEntityAsync(TableKey.Escape(job), Row(occurrence), ETag.All, cancellationToken);

    public async Task<ScheduleClaim?> FindAsync(string job, DateTimeOffset occurrence, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(TableKey.Escape(job), Row(occurrence), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var e = response.Value;
        return new ScheduleClaim(job, occurrence, e.GetString("Owner") ?? "unknown", e.GetString("Status") ?? "unknown", e.Timestamp);
    }

    private static string Row(DateTimeOffset occurrence) =>
        occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
}
