using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Aims.Application.Evidence;

/// <summary>
/// Writes a zip (deflate, data descriptors, Zip64 when past 65,535 entries or 4 GiB) straight to a stream, one entry at a time,
/// keeping each entry's central directory record in a temporary file until the end. <see cref="ZipArchive"/> keeps an object of
/// about 500 bytes per entry for that directory, which for a pack of 100,000 items (200,000 files) is 100 MB held to the last
/// byte; here memory stays flat however many files the pack has. Entries must each stay under 4 GiB.
/// </summary>
internal sealed class PackZipWriter : IAsyncDisposable
{
    private const uint LocalHeader = 0x04034b50;
    private const uint DataDescriptor = 0x08074b50;
    private const uint CentralHeader = 0x02014b50;
    private const uint Zip64End = 0x06064b50;
    private const uint Zip64Locator = 0x07064b50;
    private const uint End = 0x06054b50;
    private const ushort Version20 = 20;
    private const ushort Version45 = 45;
    private const ushort DescriptorAndUtf8 = 0x0808;
    private const ushort Deflate = 8;

    // Counts what is written: entry offsets for a destination that cannot seek (an HTTP response). Its hash goes unused.
    private readonly HashingStream _out;
    private readonly FileStream _directory;
    private readonly ushort _dosTime;
    private readonly ushort _dosDate;
    private long _entries;
    private bool _entryOpen;

    public PackZipWriter(Stream destination, DateTimeOffset modified)
    {
        ArgumentNullException.ThrowIfNull(destination);
        _out = new HashingStream(destination);
        _directory = AuditPackWriter.TemporaryFile();
        var t = modified.UtcDateTime;
        _dosTime = (ushort)((t.Hour << 11) | (t.Minute << 5) | (t.Second / 2));
        _dosDate = (ushort)((Math.Max(t.Year - 1980, 0) << 9) | (t.Month << 5) | t.Day);
    }

    /// <summary>Starts an entry; write its content to the stream returned and dispose it before the next one.</summary>
    public async Task<Stream> OpenAsync(string name)
    {
        if (_entryOpen)
        {
            throw new InvalidOperationException("The previous zip entry is still open.");
        }

        _entryOpen = true;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var offset = _out.Position;
        var header = new byte[30 + nameBytes.Length];
        var h = header.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(h, LocalHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version20);
        BinaryPrimitives.WriteUInt16LittleEndian(h[6..], DescriptorAndUtf8);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Deflate);
        BinaryPrimitives.WriteUInt16LittleEndian(h[10..], _dosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(h[12..], _dosDate);
        // CRC and sizes (14-25) stay zero: they follow the data in its descriptor.
        BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)nameBytes.Length);
        nameBytes.CopyTo(h[30..]);
        await _out.WriteAsync(header);
        return new EntryStream(this, nameBytes, offset);
    }

    private async ValueTask CloseEntryAsync(byte[] name, long offset, uint crc, long compressed, long size)
    {
        if (compressed > uint.MaxValue || size > uint.MaxValue)
        {
            throw new InvalidOperationException($"Zip entry {Encoding.UTF8.GetString(name)} is over 4 GiB.");
        }

        var descriptor = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor, DataDescriptor);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(4), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(8), (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(descriptor.AsSpan(12), (uint)size);
        await _out.WriteAsync(descriptor);

        var zip64 = offset >= uint.MaxValue;
        var record = new byte[46 + name.Length + (zip64 ? 12 : 0)];
        var r = record.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(r, CentralHeader);
        BinaryPrimitives.WriteUInt16LittleEndian(r[4..], Version45);
        BinaryPrimitives.WriteUInt16LittleEndian(r[6..], zip64 ? Version45 : Version20);
        BinaryPrimitives.WriteUInt16LittleEndian(r[8..], DescriptorAndUtf8);
        BinaryPrimitives.WriteUInt16LittleEndian(r[10..], Deflate);
        BinaryPrimitives.WriteUInt16LittleEndian(r[12..], _dosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(r[14..], _dosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(r[16..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(r[20..], (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(r[24..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(r[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(r[30..], (ushort)(zip64 ? 12 : 0));
        // Comment length, disk, internal and external attributes (32-41) stay zero.
        BinaryPrimitives.WriteUInt32LittleEndian(r[42..], zip64 ? uint.MaxValue : (uint)offset);
        name.CopyTo(r[46..]);
        if (zip64)
        {
            var extra = r[(46 + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 8);
            BinaryPrimitives.WriteInt64LittleEndian(extra[4..], offset);
        }

        await _directory.WriteAsync(record);
        _entries++;
        _entryOpen = false;
    }

    /// <summary>Writes the central directory and the end records; the destination stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        var directoryOffset = _out.Position;
        _directory.Position = 0;
        await _directory.CopyToAsync(_out);
        var directorySize = _out.Position - directoryOffset;
        await _directory.DisposeAsync();
        var zip64 = _entries >= ushort.MaxValue || directoryOffset >= uint.MaxValue || directorySize >= uint.MaxValue;
        if (zip64)
        {
            var zip64EndOffset = _out.Position;
            var end64 = new byte[56 + 20];
            var e = end64.AsSpan();
            BinaryPrimitives.WriteUInt32LittleEndian(e, Zip64End);
            BinaryPrimitives.WriteInt64LittleEndian(e[4..], 44);
            BinaryPrimitives.WriteUInt16LittleEndian(e[12..], Version45);
            BinaryPrimitives.WriteUInt16LittleEndian(e[14..], Version45);
            // This disk and the directory's disk (16-23) are zero.
            BinaryPrimitives.WriteInt64LittleEndian(e[24..], _entries);
            BinaryPrimitives.WriteInt64LittleEndian(e[32..], _entries);
            BinaryPrimitives.WriteInt64LittleEndian(e[40..], directorySize);
            BinaryPrimitives.WriteInt64LittleEndian(e[48..], directoryOffset);
            var locator = e[56..];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, Zip64Locator);
            BinaryPrimitives.WriteInt64LittleEndian(locator[8..], zip64EndOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1);
            await _out.WriteAsync(end64);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, End);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)Math.Min(_entries, ushort.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)Math.Min(_entries, ushort.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)Math.Min(directorySize, uint.MaxValue));
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)Math.Min(directoryOffset, uint.MaxValue));
        await _out.WriteAsync(end);
        await _out.FlushAsync();
        await _out.DisposeAsync();
    }

    /// <summary>One entry's content: deflated on its way out, its CRC-32 and sizes counted for the descriptor.</summary>
    private sealed class EntryStream(PackZipWriter zip, byte[] name, long offset) : Stream
    {
        private readonly long _start = zip._out.Position;
        private readonly DeflateStream _deflate = new(zip._out, CompressionLevel.Fastest, leaveOpen: true);
        private uint _crc = uint.MaxValue;
        private long _size;
        private bool _closed;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _size; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer);
            _deflate.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Span);
            return _deflate.WriteAsync(buffer, cancellationToken);
        }

        private void Count(ReadOnlySpan<byte> buffer)
        {
            _crc = Crc32.Update(_crc, buffer);
            _size += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (!_closed)
            {
                _closed = true;
                await _deflate.DisposeAsync();
                await zip.CloseEntryAsync(name, offset, ~_crc, zip._out.Position - _start, _size);
            }

            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_closed)
            {
                DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>CRC-32 (IEEE 802.3, as zip uses it); the BCL has none outside a package.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = Build();

        private static uint[] Build()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }

        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }
    }
}
