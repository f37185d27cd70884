using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Workflows;

/// <summary>
/// Saves a downloaded output to disk as it arrives, reporting bytes; shared by every runner. A saved output never
/// replaces a file: not one already in the folder, not another output of the same run with the same name (ComfyUI
/// names outputs per node and subfolder, so "ComfyUI_00001_.png" can come twice).
/// </summary>
internal static class OutputDownload
{
    /// <summary>How many numbered names are tried before giving up; a folder that full is a mistake, not a workload.</summary>
    internal const int MaxNameAttempts = 10_000;

    /// <summary>The name used when the server's name has no usable last segment (empty, "." or "..").</summary>
    internal const string FallbackFileName = "output";

    /// <summary>
    /// Writes <paramref name="content"/> to a new file in <paramref name="directory"/> and returns its path. The file
    /// is named after <paramref name="fileName"/>'s last segment (so a name the server sends can never leave the
    /// directory); if that name is taken, " (2)", " (3)", … goes before the extension. A download that fails or is
    /// cancelled deletes its partial file.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created, or every numbered name is taken.</exception>
    public static async Task<string> SaveAsync(Stream content, string directory, string fileName, Action<long> report, CancellationToken cancellationToken)
    {
        var (file, path) = CreateUniqueFile(directory, fileName);
        try
        {
            await using (file.ConfigureAwait(false))
            {
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
            }
        }
        catch
        {
            TryDelete(path);
            throw;
        }

        return path;
    }

    /// <summary>
    /// Creates (exclusively: <see cref="FileMode.CreateNew"/>, so two writers can never get the same file) a new file
    /// in <paramref name="directory"/> named after <paramref name="fileName"/>'s last segment, numbered when the name
    /// is taken, and returns it open for asynchronous writing with its path. The caller disposes the stream.
    /// </summary>
    /// <exception cref="IOException">The file cannot be created, or every numbered name is taken.</exception>
    public static (FileStream File, string Path) CreateUniqueFile(string directory, string fileName)
    {
        var safeName = SafeFileName(fileName);
        var stem = Path.GetFileNameWithoutExtension(safeName);
        var extension = Path.GetExtension(safeName);
        for (var attempt = 1; attempt <= MaxNameAttempts; attempt++)
        {
            var name = attempt == 1 ? safeName : $"{stem} ({attempt}){extension}";
            var path = Path.Combine(directory, name);
            try
            {
                return (new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true), path);
            }
            catch (IOException) when (File.Exists(path) || Directory.Exists(path))
            {
                // Taken (by an earlier output, a file already there, or a writer racing us): try the next number.
            }
        }

        throw new IOException($"Could not save output '{safeName}' in '{directory}': {MaxNameAttempts} numbered names are already taken.");
    }

    /// <summary>The last segment of a server-sent name, or <see cref="FallbackFileName"/> when it has none usable.</summary>
    internal static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName);
        return string.IsNullOrWhiteSpace(name) || name is "." or ".." ? FallbackFileName : name;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the caller needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }
}
