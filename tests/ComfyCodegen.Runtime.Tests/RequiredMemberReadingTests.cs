using System.Text.Json;
using ComfyCodegen.Runtime.Json;
using Xunit;

namespace ComfyCodegen.Runtime.Tests;

/// <summary>What a generated converter hands a required member: the value, or the exception that names the member.</summary>
public sealed class RequiredMemberReadingTests
{
    [Fact]
    public void ARequiredNullableMemberMayBeNullButNotMissing()
    {
        Assert.Null(JsonReading.Present<string?>(null, present: true, "Item", "note"));
        Assert.Equal(3, JsonReading.Present<int?>(3, present: true, "Item", "count"));
        var missing = Assert.Throws<JsonException>(() => JsonReading.Present<string?>(null, present: false, "Item", "note"));
        Assert.Equal("The required property 'note' of Item is missing.", missing.Message);
    }

    [Fact]
    public void ARequiredMemberIsItsValueOrSaysWhetherItWasMissingOrNull()
    {
        Assert.Equal(7L, JsonReading.RequiredStruct<long>(7L, present: true, "Item", "size"));
        Assert.Equal("x", JsonReading.RequiredClass<string>("x", present: true, "Item", "name"));
        Assert.Equal("The property 'size' of Item is null, but the spec does not allow null.", Assert.Throws<JsonException>(() => JsonReading.RequiredStruct<long>(null, present: true, "Item", "size")).Message);
        Assert.Equal("The required property 'size' of Item is missing.", Assert.Throws<JsonException>(() => JsonReading.RequiredStruct<long>(null, present: false, "Item", "size")).Message);
        Assert.Equal("The property 'name' of Item is null, but the spec does not allow null.", Assert.Throws<JsonException>(() => JsonReading.RequiredClass<string>(null, present: true, "Item", "name")).Message);
        Assert.Equal("The required property 'name' of Item is missing.", Assert.Throws<JsonException>(() => JsonReading.RequiredClass<string>(null, present: false, "Item", "name")).Message);
    }
}
