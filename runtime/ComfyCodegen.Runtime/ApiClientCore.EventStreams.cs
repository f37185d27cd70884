using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace ComfyCodegen.Runtime;

/// <content>Server-Sent Events: events read as they arrive, resumed with Last-Event-ID after a dropped connection.</content>
public sealed partial class ApiClientCore
{
    /// <summary>
    /// Sends the request and yields each event as soon as it arrives, mapped by <paramref name="map"/>. A clean end
    /// of the stream ends the sequence. A dropped connection (or one silent for longer than
    /// <see cref="ApiClientOptions.ResponseBodyTimeout"/>) is resumed — the same request, method and body, is sent
    /// again, with Last-Event-ID when the server gave ids — up to <see cref="ApiClientOptions.EventStreamReconnectAttempts"/>
    /// times in a row, after the delay the server asked for (retry) or <see cref="ApiClientOptions.EventStreamReconnectDelay"/>.
    /// A request whose body cannot be sent twice is not resumed: the drop ends the call with an <see cref="ApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<T> StreamEventsAsync<T>(
        ApiRequest request,
        ApiAuthScheme[] auth,
        ApiErrorMapper? errors,
        Func<ServerSentEvent, T> map,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? lastEventId = null;
        TimeSpan? serverRetry = null;
        var failures = 0;
        while (true)
        {
            if (lastEventId is not null)
            {
                request.SetHeader("Last-Event-ID", lastEventId);
            }

            using var response = await SendAndEnsureSuccessAsync(request, auth, errors, cancellationToken).ConfigureAwait(false);
            using var stream = IdleTimeoutStream.Wrap(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _options.ResponseBodyTimeout);
            var parser = SseParser.Create(stream);
            await using var events = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            var dropped = false;
            while (true)
            {
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception exception) when (exception is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
                {
                    // A body that cannot be replayed is never sent twice: such a stream is not resumed.
                    var replayable = request.Content is null || request.ContentIsReplayable;
                    if (++failures > _options.EventStreamReconnectAttempts || !replayable)
                    {
                        var problem = replayable
                            ? $"the event stream dropped {failures} times in a row: {exception.Message}"
                            : $"the event stream dropped and cannot be resumed: resuming sends the request again, and its body is a stream that cannot be sent twice ({exception.Message})";
                        throw new ApiException(
                            ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, null, problem),
                            (int)response.StatusCode,
                            response.ReasonPhrase,
                            ApiException.CopyHeaders(response),
                            null,
                            exception);
                    }

                    dropped = true;
                    break;
                }

                var item = events.Current;
                failures = 0;
                if (item.EventId is { Length: > 0 } id)
                {
                    lastEventId = id;
                }

                serverRetry = item.ReconnectionInterval ?? serverRetry;
                yield return map(new ServerSentEvent(item.EventType, item.Data, item.EventId, item.ReconnectionInterval));
            }

            if (!dropped)
            {
                yield break;
            }

            await Task.Delay(serverRetry ?? _options.EventStreamReconnectDelay, cancellationToken).ConfigureAwait(false);
        }
    }
}
