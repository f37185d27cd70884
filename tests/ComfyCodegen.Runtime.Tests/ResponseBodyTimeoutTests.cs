using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>ApiClientOptions.ResponseBodyTimeout on buffered bodies, beside HttpClient.Timeout.</summary>
public sealed class ResponseBodyTimeoutTests
{
    private static readonly ApiAuthScheme[] NoAuth = Array.Empty<ApiAuthScheme>();

    private static ApiClientCore Core(Func<Stream> body, TimeSpan httpTimeout, TimeSpan bodyTimeout) =>
        new(
            new HttpClient(new StreamHandler(body)) { Timeout = httpTimeout },
            new ApiClientOptions { BaseAddress = new Uri("http://127.0.0.1:1/"), ResponseBodyTimeout = bodyTimeout },
            null);

    [Fact]
    public async Task ASilentBodyIsAnApiExceptionAfterTheIdleTimeoutEvenWithALongHttpClientTimeout()
    {
        using var core = Core(() => new DripStream(chunks: 1, gap: Timeout.InfiniteTimeSpan), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var exception = await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(new ApiRequest("GET", "/a"), NoAuth, null, CancellationToken.None));

        Assert.Contains("sent nothing for 0.3 s (ApiClientOptions.ResponseBodyTimeout)", exception.Message);
        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ABodyThatKeepsComingIsNotCutByTheIdleTimeout()
    {
        // Fifteen gaps of 200 ms: three seconds in all, half as long again as the idle timeout, while no single gap comes
        // near it. The gap is a tenth of the timeout because on a loaded 2-core machine, with the other test projects
        // running beside this one, a 200 ms timer has been seen to fire more than 400 ms late.
        using var core = Core(() => new DripStream(chunks: 16, gap: TimeSpan.FromMilliseconds(200)), Timeout.InfiniteTimeSpan, TimeSpan.FromSeconds(2));
        var started = DateTime.UtcNow;

        var text = await core.SendForTextAsync(new ApiRequest("GET", "/a"), NoAuth, null, CancellationToken.None);

        Assert.Equal(new string('x', 16), text);
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromSeconds(2), "the body came faster than the idle timeout: the test shows nothing");
    }

    [Fact]
    public async Task HttpClientTimeoutStillEndsABodyThatKeepsComing()
    {
        using var core = Core(() => new DripStream(chunks: 100, gap: TimeSpan.FromMilliseconds(100)), TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<TaskCanceledException>(() => core.SendForTextAsync(new ApiRequest("GET", "/a"), NoAuth, null, CancellationToken.None));

        Assert.IsType<TimeoutException>(exception.InnerException);
        Assert.Contains("HttpClient.Timeout", exception.Message);
    }

    [Fact]
    public async Task CallsAfterAnIdleTimeoutAreNotCancelledByIt()
    {
        var stall = true;
        using var core = Core(() => stall ? new DripStream(1, Timeout.InfiniteTimeSpan) : new DripStream(2, TimeSpan.FromMilliseconds(10)), Timeout.InfiniteTimeSpan, TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<ApiException>(() => core.SendForTextAsync(new ApiRequest("GET", "/a"), NoAuth, null, CancellationToken.None));

        stall = false;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("xx", await core.SendForTextAsync(new ApiRequest("GET", "/a"), NoAuth, null, CancellationToken.None));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ANonPositiveTimeoutIsAnArgumentException(int milliseconds)
    {
        Assert.Throws<ArgumentException>(() => Core(() => Stream.Null, Timeout.InfiniteTimeSpan, TimeSpan.FromMilliseconds(milliseconds)));
    }

    /// <summary>Gives one "x" per read, <paramref name="gap"/> apart, then waits forever (or ends after <paramref name="chunks"/> when the gap is finite).</summary>
    private sealed class DripStream(int chunks, TimeSpan gap) : Stream
    {
        private int _given;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_given > 0)
            {
                if (_given >= chunks && gap != Timeout.InfiniteTimeSpan)
                {
                    return 0;
                }

                await Task.Delay(_given >= chunks ? Timeout.InfiniteTimeSpan : gap, cancellationToken);
            }

            buffer.Span[0] = (byte)'x';
            _given++;
            return 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class StreamHandler(Func<Stream> body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body()), RequestMessage = request });
    }
}
