using System.Text.RegularExpressions;

namespace Aims.Infrastructure.Evidence;

/// <summary>Where evidence lives (section <c>Evidence</c>). The names are options so each test class can have its own.</summary>
public sealed partial class EvidenceOptions
{
    public const string SectionName = "Evidence";

    /// <summary>Blob container of envelopes and payloads; in Azure it has version-level immutability (WORM).</summary>
    public string Container { get; set; } = "evidence";

    public string LedgerTable { get; set; } = "evidenceledger";

    public string IndexTable { get; set; } = "evidenceindex";

    /// <summary>How many items <c>VerifyAsync</c> re-hashes at once.</summary>
    public int VerifyParallelism { get; set; } = 8;

    /// <summary>Throws at start-up rather than on the first write when a name is not one Azure Storage accepts.</summary>
    public void Validate()
    {
        if (!ContainerName().IsMatch(Container))
        {
            throw new InvalidOperationException($"Evidence:Container '{Container}' is not a valid blob container name.");
        }

        foreach (var (key, value) in new[] { ("LedgerTable", LedgerTable), ("IndexTable", IndexTable) })
        {
            if (!TableName().IsMatch(value))
            {
                throw new InvalidOperationException($"Evidence:{key} '{value}' is not a valid table name.");
            }
        }

        if (VerifyParallelism is < 1 or > 64)
        {
            throw new InvalidOperationException("Evidence:VerifyParallelism must be between 1 and 64.");
        }
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9](?:-?[a-z0-9])*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableName();
}
