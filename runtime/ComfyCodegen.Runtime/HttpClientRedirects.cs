using System.Net.Http;
using System.Reflection;

namespace ComfyCodegen.Runtime;

/// <summary>Whether an HttpClient's handlers follow redirects themselves, as far as the client can tell.</summary>
internal enum RedirectFollowing
{
    /// <summary>The terminal handler is a SocketsHttpHandler or HttpClientHandler with AllowAutoRedirect off: the core follows redirects.</summary>
    Off,

    /// <summary>A SocketsHttpHandler or HttpClientHandler with AllowAutoRedirect on, or a handler chain the client cannot see.</summary>
    On,

    /// <summary>A terminal handler of the caller's own type: it does its own I/O, and may or may not follow redirects.</summary>
    CallersOwn,
}

/// <summary>
/// Looks at an HttpClient's handler chain. HttpClient does not expose its handler, so it is read from
/// HttpMessageInvoker's private field; when that field is not there (another runtime), the answer is
/// <see cref="RedirectFollowing.On"/> — the safe assumption — never a guess that redirects are off.
/// </summary>
internal static class HttpClientRedirects
{
    // typeof(...).GetField with a constant name: the trimmer and native AOT keep the field.
    private static readonly FieldInfo? InvokerHandler = typeof(HttpMessageInvoker).GetField("_handler", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>What <paramref name="client"/>'s terminal handler does with a redirect.</summary>
    public static RedirectFollowing Of(HttpClient client)
    {
        var handler = InvokerHandler?.GetValue(client) as HttpMessageHandler;
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler;
        }

        return handler switch
        {
            SocketsHttpHandler sockets => sockets.AllowAutoRedirect ? RedirectFollowing.On : RedirectFollowing.Off,
            HttpClientHandler classic => classic.AllowAutoRedirect ? RedirectFollowing.On : RedirectFollowing.Off,
            null => RedirectFollowing.On,
            _ => RedirectFollowing.CallersOwn,
        };
    }
}
