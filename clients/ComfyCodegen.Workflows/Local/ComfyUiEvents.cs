using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ComfyCodegen.Workflows.Local;

/// <summary>
/// One message a ComfyUI server sent over <c>/ws</c>. JSON messages (<c>{"type": ..., "data": ...}</c>) become the
/// typed records below, or <see cref="ComfyUiUnknownEvent"/> for a type this library does not know; binary frames
/// become <see cref="ComfyUiBinaryEvent"/> and its kinds.
/// </summary>
/// <param name="Type">The message type as the server names it (<c>executing</c>, <c>progress</c>, ...), or the binary event's name.</param>
public abstract record ComfyUiEvent(string Type);

/// <summary>A JSON message: its type and its <c>data</c> object as sent, for anything the typed members leave out.</summary>
/// <param name="Type">The message type.</param>
/// <param name="Data">The message's <c>data</c>, detached from the frame it came in.</param>
public abstract record ComfyUiJsonEvent(string Type, JsonElement Data) : ComfyUiEvent(Type);

/// <summary><c>status</c>: the queue changed (and, first on every connection, the session id the server assigned).</summary>
/// <param name="Data">The raw data.</param>
/// <param name="QueueRemaining">Prompts still waiting or running (<c>status.exec_info.queue_remaining</c>).</param>
/// <param name="SessionId">The client id this connection is registered under (<c>sid</c>), sent on connect only.</param>
public sealed record ComfyUiStatusEvent(JsonElement Data, int? QueueRemaining, string? SessionId) : ComfyUiJsonEvent("status", Data);

/// <summary><c>execution_start</c>: the server began running a prompt.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Timestamp">When, by the server's clock.</param>
public sealed record ComfyUiExecutionStartEvent(JsonElement Data, string? PromptId, DateTimeOffset? Timestamp) : ComfyUiJsonEvent("execution_start", Data);

/// <summary><c>execution_cached</c>: the nodes whose outputs are reused from an earlier run, so they do not run.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Nodes">The cached node ids.</param>
/// <param name="Timestamp">When, by the server's clock.</param>
public sealed record ComfyUiExecutionCachedEvent(JsonElement Data, string? PromptId, IReadOnlyList<string> Nodes, DateTimeOffset? Timestamp) : ComfyUiJsonEvent("execution_cached", Data);

/// <summary>
/// <c>executing</c>: a node started running. <see cref="Node"/> is null once the whole prompt is finished and its
/// history is stored (sent after <c>execution_success</c> or <c>execution_error</c>).
/// </summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt (absent when the server resends the current node on reconnect).</param>
/// <param name="Node">The node id, or null at the end of the prompt.</param>
/// <param name="DisplayNode">The node id to show (differs from <see cref="Node"/> inside expanded subgraphs).</param>
public sealed record ComfyUiExecutingEvent(JsonElement Data, string? PromptId, string? Node, string? DisplayNode) : ComfyUiJsonEvent("executing", Data);

/// <summary><c>progress</c>: a long-running node reports a step (a sampler's step of its total, for instance).</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Node">The node reporting.</param>
/// <param name="Value">Steps done.</param>
/// <param name="Max">Steps in all.</param>
public sealed record ComfyUiProgressEvent(JsonElement Data, string? PromptId, string? Node, double Value, double Max) : ComfyUiJsonEvent("progress", Data);

/// <summary><c>progress_state</c>: every started node's state (running, finished, error) and progress, sent as it changes.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Nodes">By node id.</param>
public sealed record ComfyUiProgressStateEvent(JsonElement Data, string? PromptId, IReadOnlyDictionary<string, ComfyUiNodeProgress> Nodes) : ComfyUiJsonEvent("progress_state", Data);

/// <summary>One node's entry in <see cref="ComfyUiProgressStateEvent"/>.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="State">running, finished or error (pending nodes are not sent).</param>
/// <param name="Value">Progress so far.</param>
/// <param name="Max">Progress in all.</param>
/// <param name="DisplayNodeId">The node id to show.</param>
/// <param name="ParentNodeId">The node that expanded into this one, if any.</param>
/// <param name="RealNodeId">The node id in the submitted workflow.</param>
public sealed record ComfyUiNodeProgress(string NodeId, string? State, double Value, double Max, string? DisplayNodeId, string? ParentNodeId, string? RealNodeId);

/// <summary><c>executed</c>: a node finished and produced UI output (saved images, for instance).</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Node">The node.</param>
/// <param name="DisplayNode">The node id to show.</param>
/// <param name="Files">Every file the output lists, under any key (images, gifs, audio, ...).</param>
/// <param name="Output">The node's UI output as sent (null when a cached node had none).</param>
public sealed record ComfyUiExecutedEvent(JsonElement Data, string? PromptId, string? Node, string? DisplayNode, IReadOnlyList<ComfyUiOutputFile> Files, JsonElement? Output) : ComfyUiJsonEvent("executed", Data)
{
    /// <summary>The files listed under <c>images</c>.</summary>
    public IEnumerable<ComfyUiOutputFile> Images
    {
        get
        {
            foreach (var file in Files)
            {
                if (file.Kind == "images")
                {
                    yield return file;
                }
            }
        }
    }
}

/// <summary><c>execution_success</c>: every node of the prompt ran.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="Timestamp">When, by the server's clock.</param>
public sealed record ComfyUiExecutionSuccessEvent(JsonElement Data, string? PromptId, DateTimeOffset? Timestamp) : ComfyUiJsonEvent("execution_success", Data);

/// <summary><c>execution_error</c>: a node failed; the prompt stops there.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="NodeId">The failed node.</param>
/// <param name="NodeType">Its class (KSampler, LoadImage, ...).</param>
/// <param name="ExceptionType">The Python exception type.</param>
/// <param name="ExceptionMessage">The server's message.</param>
/// <param name="Traceback">The Python traceback, line by line.</param>
/// <param name="Executed">The nodes that had finished before.</param>
/// <param name="Timestamp">When, by the server's clock.</param>
public sealed record ComfyUiExecutionErrorEvent(
    JsonElement Data,
    string? PromptId,
    string? NodeId,
    string? NodeType,
    string? ExceptionType,
    string? ExceptionMessage,
    IReadOnlyList<string> Traceback,
    IReadOnlyList<string> Executed,
    DateTimeOffset? Timestamp) : ComfyUiJsonEvent("execution_error", Data);

/// <summary><c>execution_interrupted</c>: the prompt was stopped (POST /interrupt) while a node ran.</summary>
/// <param name="Data">The raw data.</param>
/// <param name="PromptId">The prompt.</param>
/// <param name="NodeId">The node that was running.</param>
/// <param name="NodeType">Its class.</param>
/// <param name="Executed">The nodes that had finished before.</param>
/// <param name="Timestamp">When, by the server's clock.</param>
public sealed record ComfyUiExecutionInterruptedEvent(JsonElement Data, string? PromptId, string? NodeId, string? NodeType, IReadOnlyList<string> Executed, DateTimeOffset? Timestamp) : ComfyUiJsonEvent("execution_interrupted", Data);

/// <summary>A JSON message of a type this library does not know (a newer server's, or a custom node's): passed through as sent.</summary>
/// <param name="Type">The message type.</param>
/// <param name="Data">Its data (<see cref="JsonValueKind.Undefined"/> when the message had none).</param>
public sealed record ComfyUiUnknownEvent(string Type, JsonElement Data) : ComfyUiJsonEvent(Type, Data);

/// <summary>
/// Not a server message: the connection dropped and was opened again with the same client id. Messages sent while it
/// was down are lost, so a caller waiting for the end of a prompt should look at its history now.
/// </summary>
/// <param name="Attempt">Which reconnection attempt succeeded (1 = the first after the drop).</param>
public sealed record ComfyUiReconnectedEvent(int Attempt) : ComfyUiEvent("reconnected");

/// <summary>A file a node wrote, as ComfyUI lists it in outputs: fetch it through <c>/view</c> with these three values.</summary>
/// <param name="Kind">The output key it was listed under (images, gifs, audio, ...).</param>
/// <param name="FileName">The file name.</param>
/// <param name="Subfolder">The folder under the type's root ("" for none).</param>
/// <param name="FolderType">output, temp or input.</param>
public sealed record ComfyUiOutputFile(string Kind, string FileName, string Subfolder, string FolderType);
