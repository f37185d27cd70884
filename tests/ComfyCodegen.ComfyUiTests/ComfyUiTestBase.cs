using System;
using System.Net.Http;
using Comfy.Local;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.ComfyUiTests;

/// <summary>A test class talking to the shared ComfyUI server through the generated client.</summary>
[Collection(ComfyUiCollection.Name)]
public abstract class ComfyUiTestBase : IDisposable
{
    private readonly HttpClient _http;

    protected ComfyUiTestBase(ComfyUiServer server)
    {
        Server = server;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        Client = new ComfyUiClient(_http, new ApiClientOptions { BaseAddress = server.BaseAddress });
    }

    protected ComfyUiServer Server { get; }

    protected ComfyUiClient Client { get; }

    /// <summary>Plain HTTP to the same server, for checking what the wire says beside the typed result.</summary>
    protected HttpClient Http => _http;

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}
