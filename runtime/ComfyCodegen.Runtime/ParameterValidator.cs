using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ComfyCodegen.Runtime;

/// <summary>
/// Checks arguments against the spec's constraints before anything is sent. Every failure names the argument, the
/// value and the constraint, so a bad call is fixed from the message alone.
/// </summary>
public static class ParameterValidator
{
    /// <summary>How long a spec pattern may run on one value before the check fails, so a hostile pattern cannot hang a caller.</summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Throws when a required reference is null.</summary>
    public static void NotNull(object? value, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, $"'{name}' is required by the API and cannot be null.");
        }
    }

    /// <summary>Checks an integer against minimum/maximum (inclusive or exclusive).</summary>
    public static void Range(long value, string name, long? minimum, bool exclusiveMinimum, long? maximum, bool exclusiveMaximum)
    {
        if (minimum is { } min && (exclusiveMinimum ? value <= min : value < min))
        {
            throw OutOfRange(name, value.ToString(CultureInfo.InvariantCulture), exclusiveMinimum ? ">" : ">=", min.ToString(CultureInfo.InvariantCulture), exclusiveMinimum ? "exclusiveMinimum" : "minimum");
        }

        if (maximum is { } max && (exclusiveMaximum ? value >= max : value > max))
        {
            throw OutOfRange(name, value.ToString(CultureInfo.InvariantCulture), exclusiveMaximum ? "<" : "<=", max.ToString(CultureInfo.InvariantCulture), exclusiveMaximum ? "exclusiveMaximum" : "maximum");
        }
    }

    /// <summary>Checks a number against minimum/maximum (inclusive or exclusive); NaN always fails.</summary>
    public static void Range(double value, string name, double? minimum, bool exclusiveMinimum, double? maximum, bool exclusiveMaximum)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"'{name}' is NaN, which the API does not accept.");
        }

        if (minimum is { } min && (exclusiveMinimum ? value <= min : value < min))
        {
            throw OutOfRange(name, value.ToString("R", CultureInfo.InvariantCulture), exclusiveMinimum ? ">" : ">=", min.ToString("R", CultureInfo.InvariantCulture), exclusiveMinimum ? "exclusiveMinimum" : "minimum");
        }

        if (maximum is { } max && (exclusiveMaximum ? value >= max : value > max))
        {
            throw OutOfRange(name, value.ToString("R", CultureInfo.InvariantCulture), exclusiveMaximum ? "<" : "<=", max.ToString("R", CultureInfo.InvariantCulture), exclusiveMaximum ? "exclusiveMaximum" : "maximum");
        }
    }

    /// <summary>Checks a string's length (in UTF-16 code units' characters as JSON Schema counts code points).</summary>
    public static void Length(string value, string name, int? minLength, int? maxLength)
    {
        var length = CodePointCount(value);
        if (minLength is { } min && length < min)
        {
            throw new ArgumentException($"'{name}' has {length} characters, but the API requires at least {min} (minLength).", name);
        }

        if (maxLength is { } max && length > max)
        {
            throw new ArgumentException($"'{name}' has {length} characters, but the API allows at most {max} (maxLength).", name);
        }
    }

    /// <summary>Checks a string against a spec pattern (compiled once by the caller, with a match timeout).</summary>
    public static void Pattern(string value, string name, Regex pattern)
    {
        bool matched;
        try
        {
            matched = pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ArgumentException($"'{name}' could not be checked against the pattern '{pattern}' within {PatternTimeout.TotalSeconds:0.#} s.", name);
        }

        if (!matched)
        {
            throw new ArgumentException($"'{name}' is \"{Shorten(value)}\", which does not match the pattern '{pattern}' the API requires.", name);
        }
    }

    /// <summary>Creates the regex for a spec pattern: culture-invariant, with <see cref="PatternTimeout"/>.</summary>
    public static Regex CreatePattern(string pattern) => new(pattern, RegexOptions.CultureInvariant, PatternTimeout);

    /// <summary>Checks the number of items of an array.</summary>
    public static void Count<T>(IReadOnlyCollection<T> value, string name, int? minItems, int? maxItems)
    {
        if (minItems is { } min && value.Count < min)
        {
            throw new ArgumentException($"'{name}' has {value.Count} items, but the API requires at least {min} (minItems).", name);
        }

        if (maxItems is { } max && value.Count > max)
        {
            throw new ArgumentException($"'{name}' has {value.Count} items, but the API allows at most {max} (maxItems).", name);
        }
    }

    /// <summary>Checks how many members of an object are set (minProperties/maxProperties).</summary>
    public static void PropertyCount(int count, string name, int? minProperties, int? maxProperties)
    {
        if (minProperties is { } min && count < min)
        {
            throw new ArgumentException($"'{name}' sets {count} members, but the API requires at least {min} (minProperties).", name);
        }

        if (maxProperties is { } max && count > max)
        {
            throw new ArgumentException($"'{name}' sets {count} members, but the API allows at most {max} (maxProperties).", name);
        }
    }

    /// <summary>Checks that an enum value is one the spec lists (the server would reject any other).</summary>
    public static void Defined<TEnum>(TEnum value, string name)
        where TEnum : struct, IApiEnum
    {
        if (!value.IsDefined)
        {
            throw new ArgumentOutOfRangeException(name, value.Value, $"'{name}' is \"{Shorten(value.Value ?? string.Empty)}\", which is not one of the values the API defines for {typeof(TEnum).Name}.");
        }
    }

    /// <summary>Checks that an optional enum value, when there is one, is one the spec lists.</summary>
    public static void Defined<TEnum>(TEnum? value, string name)
        where TEnum : struct, IApiEnum
    {
        if (value is { } present)
        {
            Defined(present, name);
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, string value, string relation, string bound, string keyword) =>
        new(name, value, $"'{name}' is {value}, but the API requires a value {relation} {bound} ({keyword}).");

    private static int CodePointCount(string value)
    {
        var count = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsLowSurrogate(value[i]) || i == 0 || !char.IsHighSurrogate(value[i - 1]))
            {
                count++;
            }
        }

        return count;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value.Substring(0, 64) + "…";
}
