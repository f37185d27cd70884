using System.Collections.Generic;
using System.Globalization;
using ComfyCodegen.Generator.Helpers;
using ComfyCodegen.Generator.Model;

namespace ComfyCodegen.Generator.Emitting;

/// <summary>
/// Writes the checks of a value against its schema's constraints (range, length, pattern, item count, enum,
/// nested objects), which run before a request is built.
/// </summary>
internal sealed class ValidationEmitter
{
    private const string Validator = TypeNames.Runtime + ".ParameterValidator";

    private readonly EmitContext _context;
    private int _locals;

    public ValidationEmitter(EmitContext context)
    {
        _context = context;
    }

    /// <summary>Whether a value of this type has anything to check.</summary>
    public bool NeedsValidation(TypeRef type) => NeedsValidation(type, 0);

    /// <summary>
    /// Writes checks for <paramref name="expression"/> (already known non-null, of the non-nullable type);
    /// <paramref name="pathExpression"/> is a C# string expression naming it in messages.
    /// </summary>
    public void Write(SourceWriter writer, string expression, TypeRef type, string pathExpression)
    {
        var constraints = type.Constraints;
        if (constraints is not null)
        {
            WriteRange(writer, expression, type, pathExpression, constraints);
            if (type.Kind == TypeKind.String && (constraints.MinLength is not null || constraints.MaxLength is not null))
            {
                writer.WriteLine($"{Validator}.Length({expression}, {pathExpression}, {Int(constraints.MinLength)}, {Int(constraints.MaxLength)});");
            }

            if (type.Kind == TypeKind.String && constraints.Pattern is not null)
            {
                writer.WriteLine($"{Validator}.Pattern({expression}, {pathExpression}, {_context.Patterns.Reference(constraints.Pattern)});");
            }

            if (type.Kind == TypeKind.Array && (constraints.MinItems is not null || constraints.MaxItems is not null))
            {
                writer.WriteLine($"{Validator}.Count({expression}, {pathExpression}, {Int(constraints.MinItems)}, {Int(constraints.MaxItems)});");
            }
        }

        switch (type.Kind)
        {
            case TypeKind.Named when _context.IsEnum(type.Name!):
                writer.WriteLine($"{Validator}.Defined({expression}, {pathExpression});");
                break;
            case TypeKind.Named when _context.HasValidate(type.Name!):
                writer.WriteLine($"{expression}.Validate({pathExpression});");
                break;
            case TypeKind.Array when NeedsValidation(type.Element!):
                WriteElements(writer, expression, type.Element!, pathExpression, isMap: false);
                break;
            case TypeKind.Map when NeedsValidation(type.Element!):
                WriteElements(writer, expression, type.Element!, pathExpression, isMap: true);
                break;
        }
    }

    /// <summary>
    /// Writes checks for <paramref name="expression"/> only when it is not null, naming it <paramref name="variable"/>
    /// inside (a pattern variable lives on after its if, so each caller picks a name nothing else uses).
    /// </summary>
    public void WriteWhenPresent(SourceWriter writer, string expression, string variable, TypeRef type, string pathExpression)
    {
        // An enum's only check has an overload that skips null itself.
        if (type.Kind == TypeKind.Named && type.Constraints is null && _context.IsEnum(type.Name!))
        {
            writer.WriteLine($"{Validator}.Defined({expression}, {pathExpression});");
            return;
        }

        using (writer.Block($"if ({expression} is {{ }} {variable})"))
        {
            Write(writer, variable, type, pathExpression);
        }
    }

    private void WriteElements(SourceWriter writer, string expression, TypeRef element, string pathExpression, bool isMap)
    {
        var index = "__i" + _locals++.ToString(CultureInfo.InvariantCulture);
        var item = "__item" + _locals++.ToString(CultureInfo.InvariantCulture);
        var itemPath = isMap
            ? $"{pathExpression} + \"[\" + {index}.Key + \"]\""
            : $"{pathExpression} + \"[\" + {index}.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \"]\"";
        using (isMap
            ? writer.Block($"foreach (var {index} in {expression})")
            : writer.Block($"for (var {index} = 0; {index} < {expression}.Count; {index}++)"))
        {
            var access = isMap ? $"{index}.Value" : $"{expression}[{index}]";
            using (writer.Block($"if ({access} is {{ }} {item})"))
            {
                Write(writer, item, element, itemPath);
            }
        }
    }

    private static void WriteRange(SourceWriter writer, string expression, TypeRef type, string pathExpression, Constraints constraints)
    {
        if (constraints.Minimum is null && constraints.Maximum is null)
        {
            return;
        }

        var integral = type.Kind is TypeKind.Int32 or TypeKind.Int64;
        var numeric = integral || type.Kind is TypeKind.Single or TypeKind.Double;
        if (!numeric)
        {
            return;
        }

        if (integral && IsLong(constraints.Minimum) && IsLong(constraints.Maximum))
        {
            writer.WriteLine($"{Validator}.Range((long){expression}, {pathExpression}, {Long(constraints.Minimum)}, {Bool(constraints.ExclusiveMinimum)}, {Long(constraints.Maximum)}, {Bool(constraints.ExclusiveMaximum)});");
        }
        else
        {
            writer.WriteLine($"{Validator}.Range((double){expression}, {pathExpression}, {Double(constraints.Minimum)}, {Bool(constraints.ExclusiveMinimum)}, {Double(constraints.Maximum)}, {Bool(constraints.ExclusiveMaximum)});");
        }
    }

    private bool NeedsValidation(TypeRef type, int depth)
    {
        if (depth > 8)
        {
            return false;
        }

        if (type.Constraints is { } c && (c.Minimum ?? c.Maximum ?? c.Pattern) is not null
            || type.Constraints is { } d && (d.MinLength ?? d.MaxLength ?? d.MinItems ?? d.MaxItems) is not null)
        {
            return true;
        }

        return type.Kind switch
        {
            TypeKind.Named => _context.IsEnum(type.Name!) || _context.HasValidate(type.Name!),
            TypeKind.Array or TypeKind.Map => NeedsValidation(type.Element!, depth + 1),
            _ => false,
        };
    }

    private static bool IsLong(string? value) => value is null || long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);

    private static string Long(string? value) => value is null ? "null" : long.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + "L";

    private static string Double(string? value)
    {
        if (value is null || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || double.IsInfinity(parsed))
        {
            return "null";
        }

        return parsed.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    private static string Int(int? value) => value is null ? "null" : value.Value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}

/// <summary>The spec's regex patterns, each compiled once on first use, in one generated class.</summary>
internal sealed class PatternRegistry
{
    private readonly string _className;
    private readonly List<string> _patterns = new();
    private readonly Dictionary<string, int> _indexes = new();

    public PatternRegistry(string className)
    {
        _className = className;
    }

    public IReadOnlyList<string> Patterns => _patterns;

    public string Reference(string pattern)
    {
        if (!_indexes.TryGetValue(pattern, out var index))
        {
            index = _patterns.Count;
            _patterns.Add(pattern);
            _indexes[pattern] = index;
        }

        return $"{_className}.Pattern{index.ToString(CultureInfo.InvariantCulture)}";
    }
}
