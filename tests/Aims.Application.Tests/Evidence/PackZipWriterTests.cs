using System.IO.Compression;
using System.Text;
using Aims.Application.Evidence;

namespace Aims.Application.Tests.Evidence;

public sealed class PackZipWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 14, 30, 10, TimeSpan.Zero);

    [Fact]
    public async Task Entries_read_back_with_their_names_content_and_time()
    {
        using var buffer = new MemoryStream();
        await using (var zip = new PackZipWriter(buffer, At))
        {
            await WriteAsync(zip, "evidence/index.csv", "id,kind\nsha256:1,risk-decision\n");
            await WriteAsync(zip, "ledger/é.json", new string('x', 200_000));
            await WriteAsync(zip, "empty.txt", string.Empty);
        }

        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        Assert.Equal(["evidence/index.csv", "ledger/é.json", "empty.txt"], read.Entries.Select(e => e.FullName));
        Assert.Equal("id,kind\nsha256:1,risk-decision\n", await ReadAsync(read.GetEntry("evidence/index.csv")!));
        Assert.Equal(new string('x', 200_000), await ReadAsync(read.GetEntry("ledger/é.json")!));
        Assert.Equal(string.Empty, await ReadAsync(read.GetEntry("empty.txt")!));
        Assert.Equal(new DateTime(2026, 12, 3, 14, 30, 10), read.Entries[0].LastWriteTime.DateTime);
    }

    [Fact]
    public async Task More_entries_than_a_classic_zip_holds_are_written_as_zip64()
    {
        const int Count = ushort.MaxValue + 10;
        using var buffer = new MemoryStream();
        await using (var zip = new PackZipWriter(buffer, At))
        {
            for (var i = 0; i < Count; i++)
            {
                await WriteAsync(zip, $"evidence/payloads/{i}.json", $"{{\"n\":{i}}}");
            }
        }

        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        Assert.Equal(Count, read.Entries.Count);
        Assert.Equal($"{{\"n\":{Count - 1}}}", await ReadAsync(read.GetEntry($"evidence/payloads/{Count - 1}.json")!));
    }

    [Fact]
    public async Task A_second_entry_cannot_start_while_one_is_open()
    {
        using var buffer = new MemoryStream();
        await using var zip = new PackZipWriter(buffer, At);
        await using var first = await zip.OpenAsync("a.txt");
        await Assert.ThrowsAsync<InvalidOperationException>(() => zip.OpenAsync("b.txt"));
    }

    private static async Task WriteAsync(PackZipWriter zip, string name, string text)
    {
        await using var entry = await zip.OpenAsync(name);
        await entry.WriteAsync(Encoding.UTF8.GetBytes(text));
    }

    private static async Task<string> ReadAsync(ZipArchiveEntry entry)
    {
        await using var stream = entry.Open();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
