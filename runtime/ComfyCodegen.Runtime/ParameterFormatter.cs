using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ComfyCodegen.Runtime;

/// <summary>
/// Formats parameter values for paths, query strings and headers: invariant culture, ISO 8601 dates, lower-case
/// booleans — the same text on every machine, whatever its regional settings.
/// </summary>
public static class ParameterFormatter
{
    /// <summary>Formats a string (unchanged).</summary>
    public static string Format(string value) => value;

    /// <summary>Formats a boolean as "true" or "false".</summary>
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary>Formats an integer in invariant culture.</summary>
    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats an integer in invariant culture.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats a number in invariant culture, round-trippable.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a number in invariant culture, round-trippable.</summary>
    public static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Formats a date-time as ISO 8601 with its offset.</summary>
    public static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Formats a date as yyyy-MM-dd.</summary>
    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Formats a duration as [-][d.]hh:mm:ss[.fffffff].</summary>
    public static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    /// <summary>Formats a UUID in its hyphenated form.</summary>
    public static string Format(Guid value) => value.ToString("D");

    /// <summary>Formats a URI as it was given; null when there is none.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Format(Uri? value) => value?.OriginalString;

    /// <summary>Formats bytes as base64; null when there are none.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Format(byte[]? value) => value is null ? null : Convert.ToBase64String(value);

    /// <summary>Formats a spec enum as its wire value.</summary>
    public static string Format<TEnum>(TEnum value)
        where TEnum : struct, IApiEnum => value.Value;

    // An optional parameter's value or null, which ApiRequest.AddQuery and AddHeader take as "leave it out"; so an
    // operation method adds an optional parameter in one line, without a null check of its own.

    /// <summary>Formats a boolean; null when there is none.</summary>
    public static string? Format(bool? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats an integer; null when there is none.</summary>
    public static string? Format(int? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats an integer; null when there is none.</summary>
    public static string? Format(long? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a number; null when there is none.</summary>
    public static string? Format(double? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a number; null when there is none.</summary>
    public static string? Format(float? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a date-time; null when there is none.</summary>
    public static string? Format(DateTimeOffset? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a date; null when there is none.</summary>
    public static string? Format(DateOnly? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a duration; null when there is none.</summary>
    public static string? Format(TimeSpan? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a UUID; null when there is none.</summary>
    public static string? Format(Guid? value) => value is { } present ? Format(present) : null;

    /// <summary>Formats a spec enum as its wire value; null when there is none.</summary>
    public static string? Format<TEnum>(TEnum? value)
        where TEnum : struct, IApiEnum => value?.Value;
}
