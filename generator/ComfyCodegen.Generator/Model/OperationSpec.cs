using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Model;

/// <summary>
/// One HTTP operation and everything its client method needs. <see cref="MethodName"/> is its method ("{Op}Async");
/// <see cref="ResultTypeName"/> names the type of several success bodies, <see cref="EventTypeName"/> the type of one
/// event of an event stream, <see cref="PagedMethodName"/> the method walking every page ("{Op}AllAsync"); each is
/// null when the operation has none. <see cref="Group"/> names the operations emitted into one file with it (those of
/// its first tag). Every name is allocated by the parser and unique in its scope.
/// </summary>
internal sealed record OperationSpec(
    string OperationId,
    string MethodName,
    string HttpMethod,
    string Path,
    string? Summary,
    string? Description,
    bool Deprecated,
    EquatableArray<ParameterSpec> Parameters,
    EquatableArray<RequestBodySpec> RequestBodies,
    bool RequestBodyRequired,
    EquatableArray<ResponseSpec> Responses,
    EquatableArray<string> Security,
    EquatableArray<EventSpec> Events,
    string Group,
    string? ResultTypeName = null,
    string? EventTypeName = null,
    string? PagedMethodName = null);

/// <summary>
/// A named event of a text/event-stream response (from the x-sse-events extension): its wire name, the member
/// that exposes it, and the type of its JSON data when the spec names a schema.
/// </summary>
internal sealed record EventSpec(string EventName, string MemberName, TypeRef? Type, string? Description);

internal enum ParameterLocation
{
    Path,
    Query,
    Header,
    Cookie,
}

/// <summary>
/// A path, query, header or cookie parameter. <see cref="DefaultLiteral"/> is a C# constant expression when the
/// spec gives a default that C# can express as an optional-parameter value. <see cref="LocalName"/> is the local that
/// holds its value once known to be set; it never clashes with the method's other locals.
/// </summary>
internal sealed record ParameterSpec(
    string Name,
    string ParameterName,
    string LocalName,
    ParameterLocation Location,
    TypeRef Type,
    bool Required,
    string? DefaultLiteral,
    string? Description,
    bool Deprecated,
    bool Explode);

internal enum BodyKind
{
    Json,
    Multipart,
    FormUrlEncoded,
    Binary,
    Text,
}

/// <summary>
/// One content type of a request body. An operation with several gets one method per content type:
/// <see cref="MethodName"/> is this one's (the operation's own name when the body types make overloads).
/// </summary>
internal sealed record RequestBodySpec(string ContentType, BodyKind Kind, TypeRef Type, string MethodName, string? Description);

internal enum ResponseKind
{
    None,
    Json,
    Binary,
    Text,
    EventStream,
}

/// <summary>A declared response: status ("200", "4XX", "default"), how its body reads, and its type if any.</summary>
internal sealed record ResponseSpec(string Status, ResponseKind Kind, string? ContentType, TypeRef? Type, string? Description)
{
    public bool IsSuccess => IsClass('2');

    public bool IsRedirect => IsClass('3');

    /// <summary>Whether the status is a code ("201") or range ("2XX") of that class; other text in its place is no status.</summary>
    private bool IsClass(char first) =>
        Status.Length == 3
        && Status[0] == first
        && (Status[1] is >= '0' and <= '9' && Status[2] is >= '0' and <= '9' || Status[1] == 'X' && Status[2] == 'X');
}
