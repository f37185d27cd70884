using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using ComfyCodegen.FakeCloud.Infrastructure;

namespace ComfyCodegen.FakeCloud;

/// <summary>
/// The in-memory data behind a <see cref="FakeComfyCloud"/>: assets and their content, tags, jobs (and so queue and
/// history), files served by /api/view, user data files, masks, and injected faults. Every member is thread-safe.
/// A new server starts with no assets, jobs, files or user data; the tags "models", "input", "output" and "temp"
/// exist with zero usage; models, nodes, templates, subgraphs, features, system stats and user are canned.
/// </summary>
public sealed class FakeCloudState
{
    private long _seq;
    private double _promptNumber;
    private int _outputCounter;

    internal FakeCloudState()
    {
        foreach (string t in new[] { "models", "input", "output", "temp" })
        {
            KnownTagSet.Add(t);
        }
    }

    // ---- settings ---------------------------------------------------------------------------

    /// <summary>What GET /api/view answers when no <c>channel</c> is given. Default: 302 to the second origin.</summary>
    public ViewResponseMode ViewMode { get; set; } = ViewResponseMode.CrossOriginRedirect;

    /// <summary>
    /// When true (default), each GET /api/job/{id}/status or GET /api/jobs/{id} answers with the job's current state and
    /// then moves it one step: pending → in_progress → completed. When false, jobs move only through
    /// <see cref="AdvanceJob"/>, <see cref="CompleteJob"/>, <see cref="FailJob"/>, /api/queue and /api/interrupt.
    /// </summary>
    public bool AutoAdvanceJobs { get; set; } = true;

    /// <summary>Uploads up to this size keep their bytes (so they can be downloaded again); larger ones keep only size and hashes. Default 1 MiB.</summary>
    public long MaxRetainedBytes { get; set; } = 1 << 20;

    // ---- internal storage (guarded by Gate) --------------------------------------------------

    internal object Gate { get; } = new();
    internal Dictionary<string, Blob> BlobsByBlake3 { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, Blob> BlobsBySha256 { get; } = new(StringComparer.Ordinal);
    internal Dictionary<Guid, AssetRecord> AssetMap { get; } = new();
    internal HashSet<string> KnownTagSet { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, StoredFile> FileMap { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, MaskGroup> MaskGroupsByOriginal { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, MaskGroup> MaskGroupsByFile { get; } = new(StringComparer.Ordinal);
    internal Dictionary<Guid, JobRecord> JobMap { get; } = new();
    internal SortedDictionary<string, UserdataRecord> UserdataMap { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, StoredFile> SignedTokens { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, DownloadTask> DownloadsByUrl { get; } = new(StringComparer.Ordinal);
    internal List<Fault> Faults { get; } = new();

    // ---- content -----------------------------------------------------------------------------

    /// <summary>Stores content (as if uploaded earlier) so HEAD /api/assets/hash/{hash} and POST /api/assets/from-hash find it. Returns "blake3:&lt;hex&gt;".</summary>
    public string AddContent(byte[] content)
    {
        lock (Gate)
        {
            return RegisterBlob(Blob.FromBytes(content)).AssetHash!;
        }
    }

    /// <summary>True when content with this hash ("blake3:&lt;hex&gt;" or "sha256:&lt;hex&gt;") is stored.</summary>
    public bool HasContent(string hash)
    {
        lock (Gate)
        {
            return FindBlob(hash) is not null;
        }
    }

    // ---- assets -------------------------------------------------------------------------------

    /// <summary>All assets, oldest first.</summary>
    public IReadOnlyList<FakeAsset> Assets
    {
        get
        {
            lock (Gate)
            {
                return AssetMap.Values.OrderBy(a => a.Seq).Select(a => a.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>One asset, or null.</summary>
    public FakeAsset? GetAsset(Guid id)
    {
        lock (Gate)
        {
            return AssetMap.TryGetValue(id, out AssetRecord? a) ? a.Snapshot() : null;
        }
    }

    /// <summary>Creates an asset directly (no request). Tags are normalised (trimmed, lower-cased).</summary>
    public FakeAsset SeedAsset(string name, byte[] content, IEnumerable<string>? tags = null, string? mimeType = null, string? userMetadataJson = null, bool isImmutable = false)
    {
        JsonObject metadata = userMetadataJson is null ? new JsonObject() : (JsonNode.Parse(userMetadataJson) as JsonObject ?? throw new ArgumentException("user metadata must be a JSON object", nameof(userMetadataJson)));
        lock (Gate)
        {
            Blob blob = RegisterBlob(Blob.FromBytes(content));
            AssetRecord a = CreateAsset(name, blob, NormalizeTags(tags ?? Array.Empty<string>()), mimeType ?? MimeTypes.FromName(name), metadata, previewId: null);
            a.IsImmutable = isImmutable;
            return a.Snapshot();
        }
    }

    /// <summary>Every tag known to the server (used or not), sorted.</summary>
    public IReadOnlyList<string> KnownTags
    {
        get
        {
            lock (Gate)
            {
                return KnownTagSet.OrderBy(t => t, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Makes a tag known without attaching it (it shows in GET /api/tags?include_zero=true with count 0).</summary>
    public void AddTag(string tag)
    {
        lock (Gate)
        {
            KnownTagSet.Add(NormalizeTag(tag));
        }
    }

    // ---- jobs ---------------------------------------------------------------------------------

    /// <summary>All jobs, oldest first.</summary>
    public IReadOnlyList<FakeJob> Jobs
    {
        get
        {
            lock (Gate)
            {
                return JobMap.Values.OrderBy(j => j.Seq).Select(j => j.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>One job, or null.</summary>
    public FakeJob? GetJob(Guid id)
    {
        lock (Gate)
        {
            return JobMap.TryGetValue(id, out JobRecord? j) ? j.Snapshot() : null;
        }
    }

    /// <summary>Moves a job one step (pending → in_progress → completed); finished jobs stay as they are.</summary>
    public FakeJob AdvanceJob(Guid id)
    {
        lock (Gate)
        {
            JobRecord j = RequireJob(id);
            Advance(j);
            return j.Snapshot();
        }
    }

    /// <summary>Completes a pending or running job (creating its output image).</summary>
    public FakeJob CompleteJob(Guid id)
    {
        lock (Gate)
        {
            JobRecord j = RequireJob(id);
            while (!j.IsFinished)
            {
                Advance(j);
            }

            return j.Snapshot();
        }
    }

    /// <summary>Fails a pending or running job with an execution error.</summary>
    public FakeJob FailJob(Guid id, string message = "CUDA out of memory")
    {
        lock (Gate)
        {
            JobRecord j = RequireJob(id);
            if (!j.IsFinished)
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                j.ExecutionStart ??= now;
                j.ExecutionEnd = now;
                j.ErrorMessage = message;
                SetStatus(j, FakeJobStatus.Failed, now);
            }

            return j.Snapshot();
        }
    }

    // ---- files served by /api/view ---------------------------------------------------------------

    /// <summary>Files GET /api/view can serve, by name.</summary>
    public IReadOnlyList<FakeStoredFile> Files
    {
        get
        {
            lock (Gate)
            {
                return FileMap.Values.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>Adds (or replaces) a file GET /api/view?filename=<paramref name="filename"/> serves.</summary>
    public void AddFile(string filename, byte[] content, string? contentType = null, string type = "output")
    {
        lock (Gate)
        {
            FileMap[filename] = new StoredFile(filename, RegisterBlob(Blob.FromBytes(content)), contentType ?? MimeTypes.FromName(filename), type);
        }
    }

    /// <summary>The bytes of a file /api/view serves, or null when unknown or not retained.</summary>
    public byte[]? GetFileContent(string filename)
    {
        lock (Gate)
        {
            return FileMap.TryGetValue(filename, out StoredFile? f) ? f.Blob.Data : null;
        }
    }

    /// <summary>
    /// Adds a large file whose bytes are generated on the fly (see <see cref="SyntheticByteAt"/>), served both as user data
    /// (GET /api/userdata/{name}) and by GET /api/view?filename={name}. Nothing of it is held in memory.
    /// </summary>
    public void AddSyntheticFile(string name, long length, string? contentType = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (Gate)
        {
            Blob blob = Blob.SyntheticOf(length);
            FileMap[name] = new StoredFile(name, blob, contentType ?? MimeTypes.FromName(name), "output");
            UserdataMap[name] = new UserdataRecord(name, blob, DateTimeOffset.UtcNow);
        }
    }

    /// <summary>The byte at <paramref name="offset"/> of every synthetic file: <c>(byte)(offset % 251)</c>.</summary>
    public static byte SyntheticByteAt(long offset) => Synthetic.ByteAt(offset);

    /// <summary>Fills <paramref name="destination"/> with synthetic bytes starting at <paramref name="offset"/>.</summary>
    public static void FillSynthetic(long offset, Span<byte> destination) => Synthetic.Fill(offset, destination);

    // ---- user data -------------------------------------------------------------------------------

    /// <summary>All user data files, sorted by path.</summary>
    public IReadOnlyList<FakeUserdataFile> UserdataFiles
    {
        get
        {
            lock (Gate)
            {
                return UserdataMap.Values.Select(u => u.Snapshot()).ToArray();
            }
        }
    }

    /// <summary>One user data file (path is decoded, e.g. "workflows/a.json"), or null.</summary>
    public FakeUserdataFile? GetUserdataFile(string path)
    {
        lock (Gate)
        {
            return UserdataMap.TryGetValue(path, out UserdataRecord? u) ? u.Snapshot() : null;
        }
    }

    /// <summary>The bytes of a user data file, or null when unknown, synthetic, or too large to have been retained.</summary>
    public byte[]? GetUserdataContent(string path)
    {
        lock (Gate)
        {
            return UserdataMap.TryGetValue(path, out UserdataRecord? u) ? u.Blob.Data : null;
        }
    }

    /// <summary>Creates or replaces a user data file.</summary>
    public void SetUserdataFile(string path, byte[] content)
    {
        lock (Gate)
        {
            UserdataMap[path] = new UserdataRecord(path, Blob.FromBytes(content), DateTimeOffset.UtcNow);
        }
    }

    // ---- fault injection -------------------------------------------------------------------------

    /// <summary>
    /// Makes the next <paramref name="times"/> requests with this method and raw path (no query; e.g. "/api/queue")
    /// fail with <paramref name="statusCode"/> (error body in the operation's format; optional Retry-After header).
    /// Checked after recording and before auth and routing.
    /// </summary>
    public void InjectFault(string method, string path, int statusCode, int times = 1, int? retryAfterSeconds = null)
    {
        lock (Gate)
        {
            Faults.Add(new Fault { Method = method, Path = path, Status = statusCode, Remaining = times, RetryAfterSeconds = retryAfterSeconds });
        }
    }

    /// <summary>Delays the next <paramref name="times"/> matching requests by <paramref name="delay"/> before they are handled normally.</summary>
    public void InjectDelay(string method, string path, TimeSpan delay, int times = 1)
    {
        lock (Gate)
        {
            Faults.Add(new Fault { Method = method, Path = path, Status = 0, Delay = delay, Remaining = times });
        }
    }

    /// <summary>Removes every injected fault and delay.</summary>
    public void ClearFaults()
    {
        lock (Gate)
        {
            Faults.Clear();
        }
    }

    // ---- internal helpers (call with Gate held) -----------------------------------------------------

    internal long NextSeq() => ++_seq;

    internal double NextPromptNumber() => _promptNumber++;

    internal Fault? TakeFault(string method, string path)
    {
        lock (Gate)
        {
            Fault? f = Faults.FirstOrDefault(x => x.Remaining > 0 && string.Equals(x.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Path, path, StringComparison.Ordinal));
            if (f is null)
            {
                return null;
            }

            f.Remaining--;
            if (f.Remaining == 0)
            {
                Faults.Remove(f);
            }

            return f;
        }
    }

    /// <summary>Registers content; identical content (same BLAKE3) returns the blob already stored, upgraded with bytes if it had none.</summary>
    internal Blob RegisterBlob(Blob blob)
    {
        if (blob.Blake3Hex is null)
        {
            return blob;
        }

        if (BlobsByBlake3.TryGetValue(blob.Blake3Hex, out Blob? existing) && (existing.Data is not null || blob.Data is null))
        {
            return existing;
        }

        BlobsByBlake3[blob.Blake3Hex] = blob;
        if (blob.Sha256Hex is not null)
        {
            BlobsBySha256[blob.Sha256Hex] = blob;
        }

        return blob;
    }

    internal Blob? FindBlob(string hash)
    {
        int colon = hash.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        string algo = hash[..colon];
        string hex = hash[(colon + 1)..].ToLowerInvariant();
        return algo switch
        {
            "blake3" => BlobsByBlake3.GetValueOrDefault(hex),
            "sha256" => BlobsBySha256.GetValueOrDefault(hex),
            _ => null,
        };
    }

    /// <summary>After an asset was removed: drops its /api/view file and its content, unless something else still uses them.</summary>
    internal void ReleaseAssetContent(AssetRecord removed)
    {
        Blob blob = removed.Blob;
        if (AssetMap.Values.Any(a => ReferenceEquals(a.Blob, blob)))
        {
            return;
        }

        if (removed.StoredFileName is not null && FileMap.TryGetValue(removed.StoredFileName, out StoredFile? f) && ReferenceEquals(f.Blob, blob))
        {
            FileMap.Remove(removed.StoredFileName);
        }

        if (blob.Blake3Hex is null
            || FileMap.Values.Any(x => ReferenceEquals(x.Blob, blob))
            || UserdataMap.Values.Any(u => ReferenceEquals(u.Blob, blob)))
        {
            return;
        }

        BlobsByBlake3.Remove(blob.Blake3Hex);
        if (blob.Sha256Hex is not null)
        {
            BlobsBySha256.Remove(blob.Sha256Hex);
        }
    }

    internal AssetRecord CreateAsset(string name, Blob blob, List<string> tags, string? mimeType, JsonObject userMetadata, Guid? previewId, Guid? id = null)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var a = new AssetRecord
        {
            Id = id ?? Guid.NewGuid(),
            Seq = NextSeq(),
            Name = name,
            Blob = blob,
            MimeType = mimeType,
            Tags = tags,
            UserMetadata = userMetadata,
            CreatedAt = now,
            UpdatedAt = now,
            LastAccessTime = now,
        };
        a.PreviewId = previewId ?? (mimeType is not null && mimeType.StartsWith("image/", StringComparison.Ordinal) ? a.Id : null);
        if (blob.CanServe && blob.Blake3Hex is not null)
        {
            a.StoredFileName = blob.Blake3Hex + MimeTypes.ExtensionOf(name, mimeType);
            if (!FileMap.ContainsKey(a.StoredFileName))
            {
                FileMap[a.StoredFileName] = new StoredFile(a.StoredFileName, blob, mimeType ?? MimeTypes.FromName(name), "input");
            }
        }

        foreach (string t in tags)
        {
            KnownTagSet.Add(t);
        }

        AssetMap[a.Id] = a;
        return a;
    }

    internal static string NormalizeTag(string tag) => tag.Trim().ToLowerInvariant();

    internal static List<string> NormalizeTags(IEnumerable<string> tags)
    {
        var result = new List<string>();
        foreach (string t in tags)
        {
            string n = NormalizeTag(t);
            if (n.Length > 0 && !result.Contains(n))
            {
                result.Add(n);
            }
        }

        return result;
    }

    private JobRecord RequireJob(Guid id) =>
        JobMap.TryGetValue(id, out JobRecord? j) ? j : throw new KeyNotFoundException($"no job {id}");

    internal void Advance(JobRecord j)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        switch (j.Status)
        {
            case FakeJobStatus.Pending:
                j.ExecutionStart = now;
                j.AssignedInference = "fake-inference-0";
                SetStatus(j, FakeJobStatus.InProgress, now);
                break;
            case FakeJobStatus.InProgress:
                j.ExecutionEnd = now;
                ProduceOutput(j);
                SetStatus(j, FakeJobStatus.Completed, now);
                break;
        }
    }

    internal static void SetStatus(JobRecord j, FakeJobStatus status, DateTimeOffset now)
    {
        j.Status = status;
        j.UpdatedAt = now;
        j.LastStateUpdate = now;
    }

    private void ProduceOutput(JobRecord j)
    {
        int n = ++_outputCounter;
        string name = string.Create(CultureInfo.InvariantCulture, $"ComfyUI_{n:D5}_.png");
        byte shade = (byte)(j.Seq * 37 % 256);
        byte[] png = Png.Solid(8, 8, shade, (byte)(255 - shade), 128);
        FileMap[name] = new StoredFile(name, RegisterBlob(Blob.FromBytes(png)), "image/png", "output");
        j.OutputFiles.Add(name);
    }
}
