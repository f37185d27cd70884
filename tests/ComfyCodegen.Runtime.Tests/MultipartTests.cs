using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>File parts carry the file name as servers read it: quoted once, filename* only beyond ASCII.</summary>
public sealed class MultipartTests
{
    [Fact]
    public async Task AnAsciiFileNameIsSentQuotedWithoutFileNameStar()
    {
        var body = new MultipartBuilder().Add("image", new ApiFile(new MemoryStream(new byte[] { 1, 2, 3 }), "photo.png", "image/png")).Build();

        var text = await body.ReadAsStringAsync();

        Assert.Contains("Content-Disposition: form-data; name=\"image\"; filename=\"photo.png\"\r\n", text);
        Assert.DoesNotContain("filename*", text);
        Assert.DoesNotContain("%22", text);
    }

    [Fact]
    public async Task QuotesAndLineBreaksInNamesArePercentEncodedAsBrowsersDo()
    {
        var body = new MultipartBuilder()
            .Add("note", "x")
            .Add("image", new ApiFile(new MemoryStream(new byte[] { 1 }), "a\"b\r\n.png", null))
            .Build();

        var text = await body.ReadAsStringAsync();

        Assert.Contains("name=\"image\"; filename=\"a%22b%0D%0A.png\"\r\n", text);
        Assert.DoesNotContain("filename*", text);
    }

    [Fact]
    public async Task ANonAsciiFileNameGetsAnEncodedFileNameStarAndAnAsciiFallback()
    {
        var body = new MultipartBuilder().Add("image", new ApiFile(new MemoryStream(new byte[] { 1 }), "fötö \"1\".png", null)).Build();

        var part = Assert.Single(((MultipartFormDataContent)body).ToList());
        var disposition = part.Headers.ContentDisposition!;

        Assert.Equal("image", disposition.Name?.Trim('"'));
        Assert.Equal("f_t_ %221%22.png", disposition.FileName?.Trim('"'));
        Assert.Equal("fötö \"1\".png", disposition.FileNameStar);
        var text = await body.ReadAsStringAsync();
        Assert.Contains("filename*=utf-8''f%C3%B6t%C3%B6%20%221%22.png", text);
    }
}
