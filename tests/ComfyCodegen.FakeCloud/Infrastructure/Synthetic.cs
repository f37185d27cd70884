using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>
/// The deterministic byte pattern of synthetic files: the byte at offset <c>i</c> is <c>(byte)(i % 251)</c>.
/// 251 is prime, so a dropped, repeated or misplaced block shows up when content is checked.
/// </summary>
internal static class Synthetic
{
    private const int Period = 251;
    private const int ChunkSize = 64 * 1024;
    private static readonly byte[] Pattern = BuildPattern();

    public static byte ByteAt(long offset) => (byte)(offset % Period);

    public static void Fill(long offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int start = (int)(offset % Period);
            int n = Math.Min(destination.Length, ChunkSize);
            Pattern.AsSpan(start, n).CopyTo(destination);
            destination = destination[n..];
            offset += n;
        }
    }

    /// <summary>Writes <paramref name="length"/> bytes of the pattern, starting at offset 0, in 64 KiB pieces.</summary>
    public static async Task WriteAsync(Stream destination, long length, CancellationToken ct)
    {
        long offset = 0;
        while (offset < length)
        {
            int n = (int)Math.Min(ChunkSize, length - offset);
            int start = (int)(offset % Period);
            await destination.WriteAsync(Pattern.AsMemory(start, n), ct).ConfigureAwait(false);
            offset += n;
        }
    }

    private static byte[] BuildPattern()
    {
        var p = new byte[ChunkSize + Period];
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = (byte)(i % Period);
        }

        return p;
    }
}
