using System.Collections.Generic;
using System.Linq;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

internal enum ResponseShape
{
    /// <summary>No success body: Task.</summary>
    NoContent,

    /// <summary>One JSON success type: Task&lt;T&gt;.</summary>
    Json,

    /// <summary>One JSON type under several success codes: Task&lt;ApiResponse&lt;T&gt;&gt;.</summary>
    JsonWithStatus,

    /// <summary>Several success codes with different types: Task&lt;{Op}Result&gt;.</summary>
    Multi,

    /// <summary>A text body: Task&lt;string&gt;.</summary>
    Text,

    /// <summary>A binary body streamed: Task&lt;ApiFileResponse&gt;.</summary>
    File,

    /// <summary>HEAD with 200/404: Task&lt;bool&gt;.</summary>
    Exists,

    /// <summary>text/event-stream: IAsyncEnumerable&lt;{Op}Event&gt;, read as events arrive.</summary>
    EventStream,
}

/// <summary>How an operation's success responses become its method's return type.</summary>
internal sealed class ResponsePlan
{
    private ResponsePlan(ResponseShape shape, TypeRef? type, IReadOnlyList<ResponseSpec> successes)
    {
        Shape = shape;
        Type = type;
        Successes = successes;
    }

    public ResponseShape Shape { get; }

    public TypeRef? Type { get; }

    public IReadOnlyList<ResponseSpec> Successes { get; }

    public static ResponsePlan For(OperationSpec operation)
    {
        var successes = operation.Responses.Where(r => r.IsSuccess).ToList();
        var withBody = successes.Where(r => r.Kind != ResponseKind.None).ToList();
        if (operation.HttpMethod == "HEAD" && withBody.Count == 0 && operation.Responses.Any(r => r.Status == "404"))
        {
            return new ResponsePlan(ResponseShape.Exists, null, successes);
        }

        if (withBody.Count == 0)
        {
            return new ResponsePlan(ResponseShape.NoContent, null, successes);
        }

        if (withBody.Any(r => r.Kind == ResponseKind.EventStream))
        {
            return new ResponsePlan(ResponseShape.EventStream, null, successes);
        }

        if (withBody.Any(r => r.Kind == ResponseKind.Binary))
        {
            return new ResponsePlan(ResponseShape.File, null, successes);
        }

        var json = withBody.Where(r => r.Kind == ResponseKind.Json && r.Type is not null).ToList();
        if (json.Count == 0)
        {
            return new ResponsePlan(ResponseShape.Text, null, successes);
        }

        var types = json.Select(r => r.Type!).Distinct().ToList();
        if (types.Count > 1)
        {
            return new ResponsePlan(ResponseShape.Multi, null, json);
        }

        return json.Count > 1
            ? new ResponsePlan(ResponseShape.JsonWithStatus, types[0], json)
            : new ResponsePlan(ResponseShape.Json, types[0], json);
    }

    /// <summary>The property naming a status in a Multi result: 200 → Ok, 202 → Accepted.</summary>
    public static string StatusName(string status) => status switch
    {
        "200" => "Ok",
        "201" => "Created",
        "202" => "Accepted",
        "203" => "NonAuthoritativeInformation",
        "206" => "PartialContent",
        _ => "Status" + status,
    };
}
