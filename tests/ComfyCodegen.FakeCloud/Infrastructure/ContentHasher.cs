using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>The result of consuming a stream: size, hashes and (for small content) the bytes.</summary>
internal sealed record HashedContent(long Size, string Blake3Hex, string Sha256Hex, byte[]? Data);

/// <summary>
/// Streams data through BLAKE3 and SHA-256 while counting it. Keeps the bytes only while the total
/// stays at or under <c>retainLimit</c>; larger content is hashed and counted but never buffered.
/// </summary>
internal sealed class ContentHasher : IDisposable
{
    private Blake3.Hasher _blake3 = Blake3.Hasher.New();
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly long _retainLimit;
    private MemoryStream? _retained = new();
    private long _size;

    public ContentHasher(long retainLimit) => _retainLimit = Math.Max(0, retainLimit);

    public long Size => _size;

    public void Append(ReadOnlySpan<byte> data)
    {
        _blake3.Update(data);
        _sha256.AppendData(data);
        _size += data.Length;
        if (_retained is not null)
        {
            if (_size > _retainLimit)
            {
                _retained.Dispose();
                _retained = null;
            }
            else
            {
                _retained.Write(data);
            }
        }
    }

    public HashedContent Finish()
    {
        string blake3 = _blake3.Finalize().ToString();
        string sha256 = Convert.ToHexStringLower(_sha256.GetHashAndReset());
        return new HashedContent(_size, blake3, sha256, _retained?.ToArray());
    }

    /// <summary>Reads <paramref name="source"/> to its end in 80 KiB pieces.</summary>
    public static async Task<HashedContent> ConsumeAsync(Stream source, long retainLimit, CancellationToken ct)
    {
        using var hasher = new ContentHasher(retainLimit);
        byte[] buffer = new byte[81920];
        int n;
        while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            hasher.Append(buffer.AsSpan(0, n));
        }

        return hasher.Finish();
    }

    public static HashedContent Of(byte[] data)
    {
        using var hasher = new ContentHasher(long.MaxValue);
        hasher.Append(data);
        return hasher.Finish();
    }

    public void Dispose()
    {
        _sha256.Dispose();
        _blake3.Dispose();
        _retained?.Dispose();
    }
}
