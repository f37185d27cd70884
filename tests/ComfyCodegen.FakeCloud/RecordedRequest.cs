using System.Collections.Generic;

namespace ComfyCodegen.FakeCloud;

/// <summary>One request as it arrived on the wire.</summary>
/// <param name="Method">HTTP method, e.g. "GET".</param>
/// <param name="Path">Raw (still percent-encoded) path, e.g. "/api/userdata/a%2Fb.json".</param>
/// <param name="QueryString">Raw query string with its leading '?', or empty.</param>
/// <param name="Headers">Request headers; keys are case-insensitive, repeated values joined with ", ".</param>
/// <param name="Body">The first <see cref="FakeCloudOptions.MaxRecordedBodyBytes"/> bytes of the body.</param>
/// <param name="BodyLength">Full body length in bytes (bodies a handler did not read are drained and counted too).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    long BodyLength);
