using System.Text.Json;

namespace Aims.Application.Work;

/// <summary>A typed queue work item: a record that states the version of its shape, so a reader can refuse a newer one.</summary>
public interface IQueueMessage
{
    /// <summary>The shape's version; records start at 1 and raise it when a field changes meaning.</summary>
    int SchemaVersion { get; }
}

/// <summary>A work item that can never succeed (not JSON of its type, a newer schema, a required field missing).</summary>
public sealed class MalformedQueueMessageException(string reason) : Exception(reason);

/// <summary>The one serialisation of typed queue items (web JSON: camelCase written, any casing read).</summary>
public static class QueueMessages
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T message)
        where T : IQueueMessage => JsonSerializer.Serialize(message, Options);

    /// <summary>Reads an item of <typeparamref name="T"/>, or throws <see cref="MalformedQueueMessageException"/> naming why not.</summary>
    public static T Read<T>(string text, int supportedSchemaVersion)
        where T : class, IQueueMessage
    {
        T? message;
        try
        {
            message = JsonSerializer.Deserialize<T>(text, Options);
        }
        catch (JsonException ex)
        {
            throw new MalformedQueueMessageException($"Not JSON of {typeof(T).Name}: {ex.Message}");
        }

        if (message is null)
        {
            throw new MalformedQueueMessageException($"An empty {typeof(T).Name}.");
        }

        return message.SchemaVersion is < 1 || message.SchemaVersion > supportedSchemaVersion
            ? throw new MalformedQueueMessageException($"{typeof(T).Name} schema version {message.SchemaVersion}; this build reads 1 to {supportedSchemaVersion}.")
            : message;
    }
}

/// <summary>
/// A queue handler of typed items: the item is read in one place (<see cref="QueueMessages.Read{T}"/>); a malformed one never
/// reaches <see cref="HandleAsync(TMessage, long, CancellationToken)"/> and is moved to the poison queue by the dispatcher.
/// </summary>
public abstract class QueueHandler<TMessage> : IQueueHandler
    where TMessage : class, IQueueMessage
{
    public abstract string QueueName { get; }

    /// <summary>The newest schema version this handler reads.</summary>
    protected virtual int SupportedSchemaVersion => 1;

    public Task HandleAsync(string message, long dequeueCount, CancellationToken cancellationToken) =>
        HandleAsync(QueueMessages.Read<TMessage>(message, SupportedSchemaVersion), dequeueCount, cancellationToken);

    protected abstract Task HandleAsync(TMessage message, long dequeueCount, CancellationToken cancellationToken);
}
