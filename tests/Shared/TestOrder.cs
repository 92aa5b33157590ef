using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Aims.Testing;

/// <summary>
/// The order tests run in. Unset, xUnit's own order. <c>AIMS_TEST_ORDER_SEED=&lt;any text&gt;</c> shuffles test collections
/// (one per class) and the tests inside each class by a hash of the seed and their ids, the same way on every run with the
/// same seed; <c>reverse</c> runs xUnit's order backwards. A test that passes only after or before another shows up here.
/// </summary>
public static class TestOrder
{
    public const string Variable = "AIMS_TEST_ORDER_SEED";

    public static string? Seed
    {
        get
        {
            var seed = Environment.GetEnvironmentVariable(Variable)?.Trim();
            return string.IsNullOrEmpty(seed) ? null : seed;
        }
    }

    /// <summary>Arranges <paramref name="items"/> for <paramref name="seed"/>; <paramref name="byDefault"/> is xUnit's own order.</summary>
    public static IReadOnlyList<T> Arrange<T>(string? seed, IEnumerable<T> items, Func<T, string> key, Func<IEnumerable<T>, IEnumerable<T>> byDefault)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(byDefault);
        if (seed is null)
        {
            return [.. byDefault(items)];
        }

        if (seed.Equals("reverse", StringComparison.OrdinalIgnoreCase))
        {
            return [.. byDefault(items).Reverse()];
        }

        return [.. items.OrderBy(i => Rank(seed, key(i))).ThenBy(key, StringComparer.Ordinal)];
    }

    private static ulong Rank(string seed, string key) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(seed + "\n" + key)), 0);
}

/// <summary>Orders the tests of a class by <see cref="TestOrder"/> (registered for each test assembly).</summary>
public sealed class SeededTestCaseOrderer(IMessageSink diagnosticMessageSink) : ITestCaseOrderer
{
    private readonly DefaultTestCaseOrderer _default = new(diagnosticMessageSink);

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        TestOrder.Arrange(TestOrder.Seed, testCases, t => t.UniqueID, _default.OrderTestCases);
}

/// <summary>Orders the test collections of an assembly by <see cref="TestOrder"/> (registered for each test assembly).</summary>
public sealed class SeededTestCollectionOrderer : ITestCollectionOrderer
{
    private readonly DefaultTestCollectionOrderer _default = new();

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        TestOrder.Arrange(TestOrder.Seed, testCollections, c => c.DisplayName, _default.OrderTestCollections);
}
