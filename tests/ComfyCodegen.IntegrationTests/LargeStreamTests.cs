using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>
/// Uploads and downloads stream: 256 MiB through the client allocate far less than 256 MiB. Measured with
/// GC.GetTotalAllocatedBytes over the whole process — client and in-process server together — which bounds the
/// heap's growth from above.
/// </summary>
[Collection(nameof(LargeStreamTests))]
public sealed class LargeStreamTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long Size = 256L * 1024 * 1024;
    private const long Budget = 32L * 1024 * 1024;

    [Fact]
    public async Task MultipartUploadOf256MiBStreams()
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });
        var body = new UploadAssetMultipartRequest { File = new ApiFile(new PatternStream(Size), "big.bin", "application/octet-stream"), Tags = new[] { "input" } };

        var allocated = await Measure(() => client.UploadAssetAsync(body));

        Assert.Equal(201, allocated.Result.StatusCode);
        Assert.Equal(Size, allocated.Result.Value.Size);
        Assert.True(cloud.Requests[0].BodyLength > Size);
        Assert.True(allocated.Bytes < Budget, $"allocated {allocated.Bytes / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task OctetStreamUploadOf256MiBStreams()
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });

        // full_info=true: the spec declares UserDataResponseFull for 200 (without it the server sends just the path).
        var allocated = await Measure(() => client.PostUserdataFileAsync("big.bin", new PatternStream(Size), fullInfo: PostUserdataFileFullInfo.True));

        Assert.Equal(Size, cloud.Requests[0].BodyLength);
        Assert.Equal(Size, (long?)allocated.Result.Size);
        Assert.True(allocated.Bytes < Budget, $"allocated {allocated.Bytes / (1024 * 1024)} MiB");
    }

    [Fact]
    public async Task DownloadOf256MiBStreams()
    {
        await using var cloud = await FakeComfyCloud.StartAsync();
        cloud.State.AddSyntheticFile("big.bin", Size);
        using var client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = cloud.BaseAddress, ApiKey = cloud.ApiKey });

        var allocated = await Measure(async () =>
        {
            using var file = await client.GetUserdataFileAsync("big.bin");
            return await Verify(file.Content);
        });

        Assert.Equal(Size, allocated.Result);
        Assert.True(allocated.Bytes < Budget, $"allocated {allocated.Bytes / (1024 * 1024)} MiB");
    }

    private static async Task<long> Verify(Stream content)
    {
        var buffer = new byte[81920];
        var expected = new byte[81920];
        long offset = 0;
        int read;
        while ((read = await content.ReadAsync(buffer)) > 0)
        {
            FakeCloudState.FillSynthetic(offset, expected.AsSpan(0, read));
            Assert.True(buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan(0, read)), $"content differs near byte {offset}");
            offset += read;
        }

        return offset;
    }

    private async Task<(T Result, long Bytes)> Measure<T>(Func<Task<T>> action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var result = await action();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        output.WriteLine($"256 MiB streamed; allocated {bytes / (1024.0 * 1024):0.0} MiB in the whole process");
        return (result, bytes);
    }

    /// <summary>A read-only stream of <see cref="FakeCloudState.SyntheticByteAt"/> bytes, generated as read, never held.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, length - _position);
            FakeCloudState.FillSynthetic(_position, buffer[..count]);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Allocation counts are process-wide: these tests run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(LargeStreamTests), DisableParallelization = true)]
public sealed class LargeStreamCollection
{
}
