using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Comfy.Cloud;
using ComfyCodegen.FakeCloud;
using ComfyCodegen.Runtime;
using Xunit;

namespace ComfyCodegen.IntegrationTests;

/// <summary>List operations with offset/limit walk every page as an IAsyncEnumerable.</summary>
public sealed class PaginationTests : IAsyncLifetime
{
    private FakeComfyCloud _cloud = null!;
    private ComfyCloudClient _client = null!;

    public async Task InitializeAsync()
    {
        _cloud = await FakeComfyCloud.StartAsync();
        _client = new ComfyCloudClient(new ApiClientOptions { BaseAddress = _cloud.BaseAddress, ApiKey = _cloud.ApiKey });
        for (var i = 0; i < 25; i++)
        {
            _cloud.State.SeedAsset($"asset-{i:D2}.bin", Encoding.UTF8.GetBytes($"content {i}"), new[] { "input", $"tag-{i:D2}" });
        }

        _cloud.ClearRequests();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task EveryAssetOfEveryPageIsYieldedOnce()
    {
        var names = new List<string>();
        await foreach (var asset in _client.ListAssetsAllAsync(limit: 10))
        {
            names.Add(asset.Name);
        }

        Assert.Equal(25, names.Count);
        Assert.Equal(25, names.Distinct().Count());
        Assert.Equal(new[] { "0", "10", "20" }, _cloud.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.QueryString)["offset"]).ToArray());
    }

    [Fact]
    public async Task TagsPageUntilTheServerSaysThereIsNoMore()
    {
        var tags = new List<string>();
        await foreach (var tag in _client.ListTagsAllAsync(limit: 7, prefix: "tag-"))
        {
            tags.Add(tag.Name);
        }

        Assert.Equal(25, tags.Count);
        Assert.Equal(4, _cloud.Requests.Count);
    }

    [Fact]
    public async Task PagesAreFetchedOnlyAsTheSequenceIsRead()
    {
        await using var items = _client.ListAssetsAllAsync(limit: 10).GetAsyncEnumerator();

        Assert.Empty(_cloud.Requests);
        Assert.True(await items.MoveNextAsync());
        Assert.Single(_cloud.Requests);
    }

    [Fact]
    public async Task CancellationStopsTheWalk()
    {
        using var cancellation = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var asset in _client.ListAssetsAllAsync(limit: 10).WithCancellation(cancellation.Token))
            {
                if (++seen == 10)
                {
                    cancellation.Cancel();
                }
            }
        });

        Assert.Equal(10, seen);
        Assert.Single(_cloud.Requests);
    }

    [Fact]
    public async Task ArgumentsAreCheckedBeforeTheFirstRequest()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
        {
            await foreach (var unused in _client.ListAssetsAllAsync(limit: 0))
            {
            }
        });

        Assert.Empty(_cloud.Requests);
    }
}
