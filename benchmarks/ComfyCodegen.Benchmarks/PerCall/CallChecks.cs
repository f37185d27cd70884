using System;
using System.IO;
using System.Threading.Tasks;

namespace ComfyCodegen.Benchmarks.PerCall;

/// <summary>
/// Before anything is timed, every client must read the canned answers right: a client that skipped work would look
/// fast. Throws (and so fails the benchmark) when one does not.
/// </summary>
public static class CallChecks
{
    public static void Cloud(string name, ICloudCalls calls)
    {
        Expect(name, "listTags", 20, calls.ListTagsAsync().GetAwaiter().GetResult());
        Expect(name, "listAssets", CannedResponses.LargeCount, calls.ListAssetsAsync().GetAwaiter().GetResult());
        Expect(name, "upload", CannedResponses.UploadSize, calls.UploadUserdataAsync(CannedResponses.NewUploadStream()).GetAwaiter().GetResult());
    }

    public static void V2(string name, IV2Calls calls)
    {
        Expect(name, "getAsset", CannedResponses.UploadSize, calls.GetAssetAsync().GetAwaiter().GetResult());
        Expect(name, "getJob", CannedResponses.LargeCount, calls.GetJobAsync().GetAwaiter().GetResult());
        Expect(name, "upload", CannedResponses.UploadSize, calls.UploadAssetAsync(CannedResponses.NewUploadStream()).GetAwaiter().GetResult());
    }

    /// <summary>Runs all checks, and that each upload really sent its megabyte (for benchmarks/run --check).</summary>
    public static void All(Func<CannedHandler, ICloudCalls>[] cloud, Func<CannedHandler, IV2Calls>[] v2, TextWriter output)
    {
        foreach (var create in cloud)
        {
            var handler = CannedResponses.CloudHandler();
            var calls = create(handler);
            Cloud(calls.GetType().Name, calls);
            ExpectUploaded(calls.GetType().Name, handler);
            output.WriteLine($"{calls.GetType().Name}: listTags, listAssets and the upload read right; {handler.RequestBytes:N0} request bytes sent");
        }

        foreach (var create in v2)
        {
            var handler = CannedResponses.V2Handler();
            var calls = create(handler);
            V2(calls.GetType().Name, calls);
            ExpectUploaded(calls.GetType().Name, handler);
            output.WriteLine($"{calls.GetType().Name}: getAsset, getJob and the upload read right; {handler.RequestBytes:N0} request bytes sent");
        }
    }

    private static void ExpectUploaded(string name, CannedHandler handler)
    {
        if (handler.RequestBytes < CannedResponses.UploadSize)
        {
            throw new InvalidOperationException($"{name}: the upload sent {handler.RequestBytes} bytes, less than the file's {CannedResponses.UploadSize}.");
        }
    }

    private static void Expect(string client, string call, long expected, long actual)
    {
        if (expected != actual)
        {
            throw new InvalidOperationException($"{client} {call}: expected {expected}, read {actual}.");
        }
    }
}
