using System.Security.Cryptography;
using Aims.Core.Evidence;

namespace Aims.Infrastructure.Evidence;

/// <summary>
/// Passes a payload through while hashing it, and throws <see cref="EvidenceIntegrityException"/> at the end when the
/// bytes are not the ones recorded, so nobody exports or shows altered evidence without noticing.
/// </summary>
internal sealed class VerifyingReadStream(Stream inner, string expectedSha256, string itemId) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _checked;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var read = inner.Read(buffer);
        return Observe(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Observe(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(ReadOnlySpan<byte> read)
    {
        if (read.Length > 0)
        {
            _hash.AppendData(read);
        }
        else if (!_checked)
        {
            // Zero bytes read: the end of the payload, the one moment the whole hash is known.
            _checked = true;
            var actual = Convert.ToHexStringLower(_hash.GetHashAndReset());
            if (!string.Equals(actual, expectedSha256, StringComparison.Ordinal))
            {
                throw new EvidenceIntegrityException($"The payload of {itemId} is altered: it hashes to {actual}, not {expectedSha256}.");
            }
        }

        return read.Length;
    }
}
