using System.Runtime.CompilerServices;

namespace Aims.Core.Register;

public static class AiSystemRegistryExtensions
{
    /// <summary>Every AI system, retired ones included, page by page.</summary>
    public static async IAsyncEnumerable<AiSystem> ListEverySystemAsync(this IAiSystemRegistry systems, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(systems);
        string? token = null;
        do
        {
            var page = await systems.ListAsync(new AiSystemQuery { IncludeRetired = true, PageSize = AiSystemQuery.MaxPageSize, ContinuationToken = token }, cancellationToken);
            foreach (var s in page.Items)
            {
                yield return s.System;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
    }
}
