using System;

namespace ComfyCodegen.Runtime;

/// <summary>
/// What a credential may contain. Credentials go into headers without the header parser's checks, so CR or LF
/// would start a header of the caller's choosing and NUL or other control characters corrupt the request; white
/// space at either end (a secrets file's trailing newline, a pasted space) is dropped by HTTP and silently makes a
/// different key. Such a value is refused; the message names the setting, never the value.
/// </summary>
internal static class CredentialRules
{
    /// <summary>Throws an <see cref="ArgumentException"/> for the first credential in <paramref name="options"/> that breaks the rules.</summary>
    public static void Validate(ApiClientOptions options)
    {
        if (Problem(options) is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }
    }

    /// <summary>Why <paramref name="options"/> cannot be used, or null when it can (also the DI registration's options validation).</summary>
    public static string? Problem(ApiClientOptions options)
    {
        var problem = Problem(options.ApiKey, "ApiKey") ?? Problem(options.BearerToken, "BearerToken")
            ?? Problem(options.Username, "Username") ?? Problem(options.Password, "Password")
            ?? (options.Username?.Contains(':') == true ? UsernameWithColon : null);
        foreach (var credential in options.Credentials)
        {
            problem ??= Problem(credential.Value, "Credentials[\"" + credential.Key + "\"]");
        }

        return problem;
    }

    /// <summary>Throws when <paramref name="value"/> holds a control character or starts or ends with white space.</summary>
    public static void Check(string? value, string setting)
    {
        if (Problem(value, setting) is { } problem)
        {
            throw new ArgumentException(problem, "options");
        }
    }

    /// <summary>RFC 7617: the first ':' of user:password ends the user name, so a user name containing one cannot be sent.</summary>
    public const string UsernameWithColon = "ApiClientOptions.Username contains ':', which HTTP basic authentication cannot send (RFC 7617).";

    private static string? Problem(string? value, string setting)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var bad = char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[value.Length - 1]);
        for (var i = 0; !bad && i < value.Length; i++)
        {
            bad = char.IsControl(value[i]);
        }

        return bad
            ? $"ApiClientOptions.{setting} contains a control character (CR, LF, NUL, tab, ...) or white space at its start or end; "
              + "it would corrupt the request or add a header. A secret read from a file often ends with a newline: trim it."
            : null;
    }
}
