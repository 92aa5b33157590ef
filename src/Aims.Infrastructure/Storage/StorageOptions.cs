namespace Aims.Infrastructure.Storage;

/// <summary>
/// The app's storage account. One setting, <c>AimsStorage</c>, serves both hosts and the Functions queue bindings:
/// either a connection string, or identity-based service URIs (<c>AimsStorage__blobServiceUri</c>, <c>__queueServiceUri</c>, <c>__tableServiceUri</c>),
/// the same shape the Functions runtime uses for identity-based connections.
/// </summary>
public sealed class StorageOptions
{
    public const string ConnectionName = "AimsStorage";

    public string? ConnectionString { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }

    /// <summary>Setting with <see cref="Prefix"/>.</summary>
    public const string PrefixName = "AimsStoragePrefix";

    /// <summary>
    /// Put in front of every table and queue name (lowercase letters and digits, starting with a letter), so hosts sharing one
    /// account share no rows or messages: tests use it. Empty in deployments: the Functions queue triggers name their queues as they are.
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses the default credential chain.</summary>
    public string? ClientId { get; set; }

    /// <summary>Names of the resources the app needs; each capability adds its own and they are created on start.</summary>
    public ISet<string> Tables { get; } = new SortedSet<string>(StringComparer.Ordinal);
    public ISet<string> Containers { get; } = new SortedSet<string>(StringComparer.Ordinal);
    public ISet<string> Queues { get; } = new SortedSet<string>(StringComparer.Ordinal);

    /// <summary>How the account is reached, safe to show in health and logs (no keys).</summary>
    public string Describe()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (ConnectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
            {
                return "development storage (Azurite)";
            }

            var endpoint = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .FirstOrDefault(p => p.Length == 2 && p[0].Equals("BlobEndpoint", StringComparison.OrdinalIgnoreCase));
            var account = ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2))
                .FirstOrDefault(p => p.Length == 2 && p[0].Equals("AccountName", StringComparison.OrdinalIgnoreCase));
            return endpoint is not null ? $"connection string ({endpoint[1]})" : $"connection string (account {account?[1] ?? "?"})";
        }

        return $"managed identity ({BlobServiceUri?.Host ?? "no blob URI"})";
    }
}
