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

    // Room for one method of either kind without growing (then a scratch writer empties for free): nearly all are
    // under a tenth of this.
    private const int ScratchCapacity = 16_384;

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
        // Each method is written here first, to know its length before it goes into a part.
        var declaration = new SourceWriter(ScratchCapacity) { Indentation = 1 };
        var implementation = new SourceWriter(ScratchCapacity) { Indentation = 1 };
        foreach (var group in order)
        {
            var part = new Part(context, group, 1);
            foreach (var operation in groups[group])
            {
                foreach (var method in OperationEmitter.Plan(context, operation))
                {
                    Write(context, declaration, implementation, method, shared, resultTypes);
                    if (part.Methods > 0 && part.Length + declaration.Length + implementation.Length > PartBudget)
                    {
                        files.Add(part.Finish());
                        part = new Part(context, group, part.Number + 1);
                    }

                    part.Add(declaration, implementation);
                    declaration.Clear();
                    implementation.Clear();
                }
            }

            files.Add(part.Finish());
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

    /// <summary>
    /// One file being written: the interface's part goes straight into its text, the class's part beside it until the
    /// file is finished.
    /// </summary>
    private sealed class Part
    {
        private readonly EmitContext _context;
        private readonly string _group;
        private readonly SourceWriter _file = new();
        private readonly SourceWriter _implementations = new() { Indentation = 1 };

        public Part(EmitContext context, string group, int number)
        {
            (_context, _group, Number) = (context, group, number);
            _file.WriteLine(EmitContext.Header);
            _file.WriteLine();
            _file.WriteLine($"namespace {context.Spec.Namespace};");
            _file.WriteLine();
            _file.WriteLine($"public partial interface {context.Spec.InterfaceName}");
            _file.WriteLine("{");
            _file.Indentation = 1;
        }

        public int Number { get; }

        public int Methods { get; private set; }

        /// <summary>The characters of methods so far.</summary>
        public int Length => _file.Length + _implementations.Length;

        /// <summary>Adds a method: its declaration and its implementation, each after a blank line but the first.</summary>
        public void Add(SourceWriter declaration, SourceWriter implementation)
        {
            if (Methods++ > 0)
            {
                _file.WriteLine();
                _implementations.WriteLine();
            }

            _file.AppendFrom(declaration);
            _implementations.AppendFrom(implementation);
        }

        public OperationFile Finish()
        {
            var spec = _context.Spec;
            _file.Indentation = 0;
            _file.WriteLine("}");
            _file.WriteLine();
            _file.WriteLine($"public sealed partial class {spec.ClientName}");
            _file.WriteLine("{");
            _file.AppendFrom(_implementations);
            _file.WriteLine("}");
            var name = Number == 1 ? $"Operations.{_group}" : $"Operations.{_group}.{Number.ToString(CultureInfo.InvariantCulture)}";
            return new OperationFile(name, _file.ToString());
        }
    }
}
