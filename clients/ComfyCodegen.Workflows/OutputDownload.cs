using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Workflows;

/// <summary>Saves a downloaded output to disk as it arrives, reporting bytes; shared by both runners.</summary>
internal static class OutputDownload
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="directory"/>/<paramref name="fileName"/>. Only the name's
    /// last segment is used, so a name the server sends can never leave the directory.
    /// </summary>
    public static async Task<string> SaveAsync(Stream content, string directory, string fileName, Action<long> report, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, Path.GetFileName(fileName));
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long done = 0;
        int read;
        report(0);
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            done += read;
            report(done);
        }

        return path;
    }
}
