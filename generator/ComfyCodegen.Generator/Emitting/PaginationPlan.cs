using System.Linq;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// How a list operation pages: an integer "offset" query parameter, a page-size parameter ("limit", "max_items" or
/// "page_size"), and a response object with one array of items and, where the spec has one, a "has_more" flag
/// (on the response or on a nested pagination object). Such an operation also gets an IAsyncEnumerable that
/// walks every page.
/// </summary>
internal sealed class PaginationPlan
{
    private static readonly string[] PageSizeNames = { "limit", "max_items", "page_size" };

    private PaginationPlan(ParameterSpec offset, ParameterSpec? pageSize, PropertySpec items, string? hasMore)
    {
        Offset = offset;
        PageSize = pageSize;
        Items = items;
        HasMore = hasMore;
    }

    public ParameterSpec Offset { get; }

    public ParameterSpec? PageSize { get; }

    public PropertySpec Items { get; }

    /// <summary>The C# member path of the has_more flag ("HasMore", "Pagination.HasMore"), or null.</summary>
    public string? HasMore { get; }

    public static PaginationPlan? For(EmitContext context, MethodPlan method)
    {
        var operation = method.Operation;
        if (method.Body is not null || method.Plan.Shape != ResponseShape.Json || method.Plan.Type is not { Kind: TypeKind.Named } type)
        {
            return null;
        }

        var offset = operation.Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Query && p.Name == "offset" && p.Type.Kind is TypeKind.Int32 or TypeKind.Int64);
        if (offset is null || context.Type(type.Name) is not ObjectSpec page)
        {
            return null;
        }

        var arrays = page.Properties.Where(p => p.Type.Kind == TypeKind.Array).ToList();
        if (arrays.Count != 1)
        {
            return null;
        }

        var pageSize = operation.Parameters.FirstOrDefault(p => p.Location == ParameterLocation.Query && PageSizeNames.Contains(p.Name) && p.Type.Kind is TypeKind.Int32 or TypeKind.Int64);
        return new PaginationPlan(offset, pageSize, arrays[0], HasMorePath(context, page));
    }

    private static string? HasMorePath(EmitContext context, ObjectSpec page)
    {
        var direct = page.Properties.FirstOrDefault(p => p.JsonName == "has_more" && p.Type.Kind == TypeKind.Boolean);
        if (direct is not null)
        {
            return direct.Required ? direct.Name : direct.Name + " == true";
        }

        foreach (var property in page.Properties.Where(p => p.Type.Kind == TypeKind.Named && p.Required && !p.Type.IsNullable))
        {
            if (context.Type(property.Type.Name) is ObjectSpec nested
                && nested.Properties.FirstOrDefault(p => p.JsonName == "has_more" && p.Type.Kind == TypeKind.Boolean && p.Required) is { } flag)
            {
                return property.Name + "." + flag.Name;
            }
        }

        return null;
    }
}
