using System.Text.Json;
using Aims.Core.Evidence;
using Aims.Core.Identity;
using Aims.Core.Register;
using Azure;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Storage;

/// <summary>
/// The evidence a row owes, kept in columns of that same row (<c>Owes</c>, <c>OwedChunks</c>, <c>Owed0..N</c>), so a state
/// change and the evidence it must produce are one atomic write. Rows written with merge keep these columns; settling clears them.
/// </summary>
public static class OwedEvidenceColumns
{
    public const string OwesColumn = "Owes";
    private const string Prefix = "Owed";
    private const int ChunkBytes = 60_000;

    public static void Write(TableEntity entity, NewEvidence? owed)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (owed is null)
        {
            Clear(entity);
            return;
        }

        var row = new Row(owed.Kind.Value, owed.Subject, owed.Actor.ObjectId, owed.Actor.DisplayName, [.. owed.Clauses], [.. owed.Controls],
            owed.CorrelationId, owed.Summary, owed.Payload.ToArray(), owed.ContentType, owed.RecordedAt);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(row);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        entity[OwesColumn] = true;
        entity[Prefix + "Chunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[Prefix + i] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }
    }

    /// <summary>Marks the row as owing nothing (in a merge write, stale chunk columns are ignored once the count is 0).</summary>
    public static void Clear(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        entity[OwesColumn] = false;
        entity[Prefix + "Chunks"] = 0;
    }

    /// <summary>
    /// Writes <paramref name="entity"/> if the row still has <paramref name="expectedETag"/>, with what it owes when
    /// <paramref name="owed"/> is given. A merge, not a replace: a write that owes nothing keeps what an earlier write still owes.
    /// Returns the new ETag; a changed or missing row is a <see cref="ConcurrencyConflictException"/> saying <paramref name="conflict"/>.
    /// </summary>
    public static async Task<string> WriteAsync(TableClient table, TableEntity entity, string expectedETag, NewEvidence? owed, string conflict, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(entity);
        if (owed is not null)
        {
            Write(entity, owed);
        }

        try
        {
            var response = await table.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag!.Value.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new ConcurrencyConflictException(conflict, ex);
        }
    }

    /// <summary>Marks the row's owed evidence as recorded, if the row still has <paramref name="expectedETag"/>.</summary>
    public static Task<string> SettleAsync(TableClient table, string partitionKey, string rowKey, string expectedETag, string conflict, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(partitionKey, rowKey);
        Clear(entity);
        return WriteAsync(table, entity, expectedETag, null, conflict, cancellationToken);
    }

    /// <summary>The rows of a partition that still owe evidence.</summary>
    public static AsyncPageable<TableEntity> QueryOwing(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and Owes eq {true}"), maxPerPage: 500, cancellationToken: cancellationToken);
    }

    public static NewEvidence? Read(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var chunks = entity.GetInt32(Prefix + "Chunks") ?? 0;
        if (chunks == 0 || entity.GetBoolean(OwesColumn) != true)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            buffer.Write(entity.GetBinary(Prefix + i));
        }

        var row = JsonSerializer.Deserialize<Row>(buffer.ToArray())
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} owes evidence that cannot be read.");
        return new NewEvidence(new EvidenceKind(row.Kind), row.Subject, new Actor(row.ActorObjectId, row.ActorName), row.Clauses, row.Controls,
            row.CorrelationId, row.Summary, row.Payload, row.ContentType, row.RecordedAt);
    }

    /// <summary>The stored form: its own type, so renaming a property of <see cref="NewEvidence"/> cannot change stored rows.</summary>
    private sealed record Row(
        string Kind,
        string Subject,
        string ActorObjectId,
        string ActorName,
        string[] Clauses,
        string[] Controls,
        string? CorrelationId,
        string Summary,
        byte[] Payload,
        string ContentType,
        DateTimeOffset? RecordedAt);
}
