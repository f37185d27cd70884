using System;
using System.Collections.Generic;
using System.IO;

namespace ComfyCodegen.FakeCloud.Infrastructure;

/// <summary>Mutable, thread-safe record of one request while it is in flight; snapshots become <see cref="RecordedRequest"/>.</summary>
internal sealed class RequestRecord
{
    private readonly object _gate = new();
    private readonly long _cap;
    private MemoryStream? _body;
    private long _bodyLength;
    private RecordedRequest? _snapshot;

    public RequestRecord(string method, string path, string queryString, IReadOnlyDictionary<string, string> headers, long cap)
    {
        Method = method;
        Path = path;
        QueryString = queryString;
        Headers = headers;
        _cap = Math.Max(0, cap);
    }

    public string Method { get; }
    public string Path { get; }
    public string QueryString { get; }
    public IReadOnlyDictionary<string, string> Headers { get; }

    public long BodyLength
    {
        get
        {
            lock (_gate)
            {
                return _bodyLength;
            }
        }
    }

    public void AppendBody(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        lock (_gate)
        {
            long room = _cap - (_body?.Length ?? 0);
            if (room > 0)
            {
                _body ??= new MemoryStream();
                _body.Write(data[..(int)Math.Min(room, data.Length)]);
            }

            _bodyLength += data.Length;
            _snapshot = null;
        }
    }

    public RecordedRequest Snapshot()
    {
        lock (_gate)
        {
            return _snapshot ??= new RecordedRequest(Method, Path, QueryString, Headers, _body?.ToArray() ?? Array.Empty<byte>(), _bodyLength);
        }
    }
}
