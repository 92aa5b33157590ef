using System.Text.Json;
using Azure.Data.Tables;

namespace Aims.Infrastructure.Storage;

/// <summary>
/// A document stored as UTF-8 JSON in binary columns Data0..DataN of one entity (a Table property holds at most 64 KiB,
/// an entity 1 MiB), so growing documents such as a risk with its decision history fit one row and one ETag.
/// </summary>
public static class TableJson
{
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15;

    public static void Write<T>(TableEntity entity, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, options);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            throw new InvalidOperationException($"The document is {bytes.Length} bytes; a table row holds at most {MaxChunks * ChunkBytes}.");
        }

        entity["DataChunks"] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[$"Data{i}"] = bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }
    }

    public static T Read<T>(TableEntity entity, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var chunks = entity.GetInt32("DataChunks") ?? 0;
        using var buffer = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            buffer.Write(entity.GetBinary($"Data{i}"));
        }

        return JsonSerializer.Deserialize<T>(buffer.ToArray(), options)
            ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} holds no document.");
    }
}
