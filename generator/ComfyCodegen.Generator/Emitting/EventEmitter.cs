using ComfyCodegen.Generator.Helpers;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Emits the event type of an event-stream operation: the SSE fields, the raw data, and one typed member per event
/// the spec names (x-sse-events). Events the spec does not name keep their data as JSON, so nothing is lost.
/// </summary>
internal static class EventEmitter
{
    public static string Emit(EmitContext context, MethodPlan method)
    {
        var names = context.Names;
        var operation = method.Operation;
        var name = method.EventTypeName;
        var full = $"global::{context.Spec.Namespace}.{name}";
        var runtime = TypeNames.Runtime;
        var writer = new SourceWriter();
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(context.Spec.Namespace))
        {
            DocComments.Summary(writer, $"One event of {operation.OperationId}'s stream.", string.Empty);
            writer.WriteLine(EmitContext.GeneratedCodeAttribute);
            using (writer.Block($"public sealed partial class {name}"))
            {
                writer.WriteLine($$"""
                    private {{name}}({{runtime}}.ServerSentEvent source)
                    {
                        EventType = source.EventType;
                        Id = source.Id;
                        Retry = source.Retry;
                        Data = source.Data;
                    }

                    /// <summary>The event name ("message" when the server names none).</summary>
                    public string EventType { get; }

                    /// <summary>The event id, if the server sent one.</summary>
                    public string? Id { get; }

                    /// <summary>The reconnection delay the server asked for, if any.</summary>
                    public global::System.TimeSpan? Retry { get; }

                    /// <summary>The data as sent.</summary>
                    public string Data { get; }

                    /// <summary>The data as JSON, for events the spec does not describe (null when it is not JSON).</summary>
                    public global::System.Text.Json.JsonElement? Json { get; private set; }
                    """);
                foreach (var item in operation.Events)
                {
                    if (item.Type is null)
                    {
                        continue;
                    }

                    writer.WriteLine();
                    DocComments.Summary(writer, item.Description, $"The data of a '{CSharpLiteral.Escape(item.EventName)}' event; null for other events.");
                    writer.WriteLine($"public {names.Of(item.Type, nullable: true)} {item.MemberName} {{ get; private set; }}");
                }

                writer.WriteLine();
                DocComments.Summary(writer, "Parses an event: typed for the events the spec names, JSON otherwise.", string.Empty);
                DocComments.Param(writer, "source", "The event as read from the stream.");
                DocComments.Returns(writer, "The event.");
                DocComments.Raw(writer, "<exception cref=\"global::ComfyCodegen.Runtime.ApiException\">A named event's data does not match its schema.</exception>");
                using (writer.Block($"public static {full} FromServerSentEvent({runtime}.ServerSentEvent source)"))
                {
                    writer.WriteLine($"var result = new {full}(source);");
                    writer.WriteLine("var data = global::System.Text.Encoding.UTF8.GetBytes(source.Data);");
                    using (writer.Block("switch (source.EventType)"))
                    {
                        foreach (var item in operation.Events)
                        {
                            if (item.Type is null)
                            {
                                continue;
                            }

                            writer.WriteLine($"case {CSharpLiteral.String(item.EventName)}:");
                            writer.Indentation++;
                            writer.WriteLine($"result.{item.MemberName} = {runtime}.ApiJson.DeserializeEvent(source, data, {names.ConverterExpression(item.Type)});");
                            writer.WriteLine("break;");
                            writer.Indentation--;
                        }

                        writer.WriteLine("default:");
                        writer.Indentation++;
                        writer.WriteLine($"result.Json = {runtime}.ApiJson.TryParseElement(data);");
                        writer.WriteLine("break;");
                        writer.Indentation--;
                    }

                    writer.WriteLine("return result;");
                }
            }
        }

        return writer.ToString();
    }
}
