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
    /// of the stream ends the sequence. A dropped connection is resumed — the request is sent again with
    /// Last-Event-ID when the server gave ids — up to <see cref="ApiClientOptions.EventStreamReconnectAttempts"/>
    /// times in a row, after the delay the server asked for (retry) or <see cref="ApiClientOptions.EventStreamReconnectDelay"/>.
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
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
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
                    if (++failures > _options.EventStreamReconnectAttempts || (request.Content is not null && !request.ContentIsReplayable))
                    {
                        throw new ApiException(
                            ApiException.Describe(request, (int)response.StatusCode, response.ReasonPhrase, null, $"the event stream dropped {failures} times in a row: {exception.Message}"),
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
