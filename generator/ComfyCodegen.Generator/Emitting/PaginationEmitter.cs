using System.Linq;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>Emits {Operation}AllAsync: every item of every page of a list operation, as an IAsyncEnumerable.</summary>
internal static class PaginationEmitter
{
    public static string MethodName(MethodPlan method) => method.Operation.PagedMethodName!;

    public static void WriteDeclaration(EmitContext context, SourceWriter writer, MethodPlan method, PaginationPlan plan)
    {
        DocComments.Summary(writer, $"Every item of every page of {method.Operation.OperationId}, fetched page by page as the sequence is read.", string.Empty);
        DocComments.Raw(writer, $"<remarks>Calls <see cref=\"{method.Operation.MethodName}\"/> with a growing offset until {(plan.HasMore is null ? "a page comes back short or empty" : "the server says there is no more")}.</remarks>");
        foreach (var parameter in Parameters(context, method, plan))
        {
            DocComments.Param(writer, parameter.Name, parameter.Doc);
        }

        DocComments.Returns(writer, "The items, in the server's order.");
        WriteObsolete(writer, method);
        writer.WriteLine($"{Signature(context, method, plan, cancellationAttribute: false)};");
    }

    public static void WriteImplementation(EmitContext context, SourceWriter writer, MethodPlan method, PaginationPlan plan)
    {
        var names = context.Names;
        var offsetType = names.Of(plan.Offset.Type);
        DocComments.Raw(writer, "<inheritdoc />");
        WriteObsolete(writer, method);
        writer.WriteLine("public async " + Signature(context, method, plan, cancellationAttribute: true));
        using (writer.Block(string.Empty))
        {
            writer.WriteLine($"{offsetType} __offset = 0;");
            using (writer.Block("while (true)"))
            {
                var arguments = method.Operation.Parameters
                    .Select(p => p == plan.Offset ? $"{p.ParameterName}: __offset" : $"{p.ParameterName}: {p.ParameterName}")
                    .Append("cancellationToken: cancellationToken");
                writer.WriteLine($"var __page = await {method.Operation.MethodName}({string.Join(", ", arguments)}).ConfigureAwait(false);");
                writer.WriteLine($"var __items = __page.{plan.Items.Name};");
                using (writer.Block("if (__items is null || __items.Count == 0)"))
                {
                    writer.WriteLine("yield break;");
                }

                using (writer.Block("foreach (var __item in __items)"))
                {
                    writer.WriteLine("yield return __item;");
                }

                if (plan.HasMore is not null)
                {
                    using (writer.Block($"if (!(__page.{plan.HasMore}))"))
                    {
                        writer.WriteLine("yield break;");
                    }
                }
                else if (plan.PageSize is { } size)
                {
                    var value = size.Type.IsNullable || size.DefaultLiteral is null && !size.Required ? $"{size.ParameterName} is {{ }} __size && __items.Count < __size" : $"__items.Count < {size.ParameterName}";
                    using (writer.Block($"if ({value})"))
                    {
                        writer.WriteLine("yield break;");
                    }
                }

                writer.WriteLine($"__offset += __items.Count;");
            }
        }
    }

    private static void WriteObsolete(SourceWriter writer, MethodPlan method)
    {
        if (method.Operation.Deprecated)
        {
            writer.WriteLine("[global::System.Obsolete(\"The API marks this operation as deprecated.\")]");
        }
    }

    private static System.Collections.Generic.List<OperationEmitter.MethodParameter> Parameters(EmitContext context, MethodPlan method, PaginationPlan plan) =>
        OperationEmitter.Parameters(context, method).Where(p => p.Name != plan.Offset.ParameterName).ToList();

    private static string Signature(EmitContext context, MethodPlan method, PaginationPlan plan, bool cancellationAttribute)
    {
        var item = context.Names.OfElement(plan.Items.Type.Element!);
        var parameters = Parameters(context, method, plan).Select(p => cancellationAttribute && p.Name == "cancellationToken"
            ? "[global::System.Runtime.CompilerServices.EnumeratorCancellation] " + p.Declaration
            : p.Declaration);
        return $"global::System.Collections.Generic.IAsyncEnumerable<{item}> {MethodName(method)}({string.Join(", ", parameters)})";
    }
}
