using System;

namespace ComfyCodegen.Runtime;

/// <summary>One event of a text/event-stream response, before its data is parsed.</summary>
/// <param name="EventType">The event name ("message" when the server names none).</param>
/// <param name="Data">The data lines, joined with '\n'.</param>
/// <param name="Id">The event id, if the server sent one.</param>
/// <param name="Retry">The reconnection delay the server asked for, if any.</param>
public sealed record ServerSentEvent(string EventType, string Data, string? Id, TimeSpan? Retry);
