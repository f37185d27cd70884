using System.Collections.Generic;
using System.Globalization;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>A file of operations: its name after the client's ("Operations.Job", "Operations.Job.2") and its text.</summary>
internal readonly record struct OperationFile(string Name, string Source);

/// <summary>
/// Emits the operations' methods, group by group (<see cref="OperationSpec.Group"/>), each group into files of its
/// own that hold a part of the client's interface and of its class. A spec edit of one operation then re-emits that
/// group's file, and a host that keeps unchanged documents checks only it again, not every method of the client.
/// </summary>
/// <remarks>
/// A file ends before its methods would pass <see cref="PartBudget"/> characters; the group goes on in the next part
/// ("Operations.Job.2"). So no file is longer than a string the runtime keeps off its large object heap (85,000
/// bytes), which is collected only with the whole heap, unless one operation alone is longer than that.
/// </remarks>
internal static class OperationGroupEmitter
{
    /// <summary>The most characters of methods a file holds; its frame (header, namespace, two declarations) is short.</summary>
    internal const int PartBudget = 40_000;

    /// <summary>
    /// The operation files, groups in the order of their first operation and operations in the spec's order. The
    /// shared members the methods use are collected into <paramref name="shared"/>; each operation type (several
    /// success bodies, events) is added to <paramref name="resultTypes"/> as its operation is written.
    /// </summary>
    public static List<OperationFile> Emit(EmitContext context, ClientMembers shared, List<(string Name, string Source)> resultTypes)
    {
        var groups = new Dictionary<string, List<OperationSpec>>(System.StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var operation in context.Spec.Operations)
        {
            if (!groups.TryGetValue(operation.Group, out var members))
            {
                groups[operation.Group] = members = new List<OperationSpec>();
                order.Add(operation.Group);
            }

            members.Add(operation);
        }

        var files = new List<OperationFile>();
        var declarations = new SourceWriter { Indentation = 1 };
        var implementations = new SourceWriter { Indentation = 1 };
        foreach (var group in order)
        {
            var part = 1;
            var methods = 0;
            foreach (var operation in groups[group])
            {
                foreach (var method in OperationEmitter.Plan(context, operation))
                {
                    var (declarationsStart, implementationsStart) = (declarations.Length, implementations.Length);
                    if (methods > 0)
                    {
                        declarations.WriteLine();
                        implementations.WriteLine();
                    }

                    Write(context, declarations, implementations, method, shared, resultTypes);
                    if (methods > 0 && declarations.Length + implementations.Length > PartBudget)
                    {
                        // This method starts the next part; the blank line before it stays behind.
                        var declaration = declarations.Take(declarationsStart).Substring(1);
                        var implementation = implementations.Take(implementationsStart).Substring(1);
                        files.Add(File(context, group, part++, declarations, implementations));
                        declarations.WriteWritten(declaration);
                        implementations.WriteWritten(implementation);
                        methods = 0;
                    }

                    methods++;
                }
            }

            files.Add(File(context, group, part, declarations, implementations));
        }

        return files;
    }

    /// <summary>One method's declaration in the interface and its implementation in the class, with its page walker's.</summary>
    private static void Write(EmitContext context, SourceWriter declarations, SourceWriter implementations, MethodPlan method, ClientMembers shared, List<(string Name, string Source)> resultTypes)
    {
        OperationEmitter.WriteDeclaration(context, declarations, method, isInterface: true);
        OperationEmitter.WriteImplementation(context, implementations, method, shared);
        if (method.Operation.PagedMethodName is not null && PaginationPlan.For(context, method) is { } paging)
        {
            declarations.WriteLine();
            PaginationEmitter.WriteDeclaration(context, declarations, method, paging);
            implementations.WriteLine();
            PaginationEmitter.WriteImplementation(context, implementations, method, paging);
        }

        // An operation's own type is written once, with its first method.
        if (method.BodyIndex <= 0 && method.Plan.Shape == ResponseShape.Multi)
        {
            resultTypes.Add((method.ResultTypeName, OperationEmitter.EmitResultType(context, method)));
        }

        if (method.BodyIndex <= 0 && method.Plan.Shape == ResponseShape.EventStream)
        {
            resultTypes.Add((method.EventTypeName, EventEmitter.Emit(context, method)));
        }
    }

    /// <summary>A part of the interface and of the class around what the two writers hold, which it takes from them.</summary>
    private static OperationFile File(EmitContext context, string group, int part, SourceWriter declarations, SourceWriter implementations)
    {
        var spec = context.Spec;
        var writer = new SourceWriter(declarations.Length + implementations.Length + 512);
        writer.WriteLine(EmitContext.Header);
        writer.WriteLine();
        using (writer.Namespace(spec.Namespace))
        {
            writer.WriteLine($"public partial interface {spec.InterfaceName}");
            writer.WriteLine("{");
            writer.WriteWritten(declarations.Take(0));
            writer.WriteLine("}");
            writer.WriteLine();
            writer.WriteLine($"public sealed partial class {spec.ClientName}");
            writer.WriteLine("{");
            writer.WriteWritten(implementations.Take(0));
            writer.WriteLine("}");
        }

        var name = part == 1 ? $"Operations.{group}" : $"Operations.{group}.{part.ToString(CultureInfo.InvariantCulture)}";
        return new OperationFile(name, writer.ToString());
    }
}
