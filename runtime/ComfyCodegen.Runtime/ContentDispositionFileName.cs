using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace ComfyCodegen.Runtime;

/// <summary>
/// The file name of a Content-Disposition header, read leniently. Servers in the wild send forms that .NET's strict
/// <see cref="System.Net.Http.Headers.ContentDispositionHeaderValue"/> rejects — ComfyUI's
/// <c>filename="x.png"</c> has no disposition type — so the header is parsed here: parameters separated by ';',
/// values quoted (with backslash escapes) or bare, RFC 6266/8187 <c>filename*=charset'lang'percent-encoded</c>
/// preferred over <c>filename</c>.
/// </summary>
internal static class ContentDispositionFileName
{
    /// <summary>
    /// The file name in <paramref name="header"/>, or null. Only the last path segment is kept (RFC 6266 §4.3: a
    /// recipient must not use directory information from the header), so the name is safe to join to a folder.
    /// </summary>
    public static string? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        string? plain = null;
        string? extended = null;
        foreach (var (name, value) in Parameters(header!))
        {
            if (name.Equals("filename*", StringComparison.OrdinalIgnoreCase))
            {
                extended ??= DecodeExtended(value);
            }
            else if (name.Equals("filename", StringComparison.OrdinalIgnoreCase))
            {
                plain ??= value;
            }
        }

        return LastSegment(extended ?? plain);
    }

    private static IEnumerable<(string Name, string Value)> Parameters(string header)
    {
        var i = 0;
        while (i < header.Length)
        {
            // A name up to '=' or ';'. A segment without '=' is the disposition type (or junk): skipped.
            var start = i;
            while (i < header.Length && header[i] != '=' && header[i] != ';')
            {
                i++;
            }

            var name = header.Substring(start, i - start).Trim();
            if (i >= header.Length || header[i] == ';')
            {
                i++;
                continue;
            }

            i++; // '='
            while (i < header.Length && header[i] == ' ')
            {
                i++;
            }

            string value;
            if (i < header.Length && header[i] == '"')
            {
                var quoted = new StringBuilder();
                i++;
                while (i < header.Length && header[i] != '"')
                {
                    if (header[i] == '\\' && i + 1 < header.Length)
                    {
                        i++;
                    }

                    quoted.Append(header[i]);
                    i++;
                }

                value = quoted.ToString();
                while (i < header.Length && header[i] != ';')
                {
                    i++;
                }
            }
            else
            {
                start = i;
                while (i < header.Length && header[i] != ';')
                {
                    i++;
                }

                value = header.Substring(start, i - start).Trim();
            }

            i++; // ';'
            yield return (name, value);
        }
    }

    /// <summary>charset'language'percent-encoded (RFC 8187); null when it is malformed or the charset unknown.</summary>
    private static string? DecodeExtended(string value)
    {
        var firstQuote = value.IndexOf('\'');
        var secondQuote = firstQuote < 0 ? -1 : value.IndexOf('\'', firstQuote + 1);
        if (secondQuote < 0)
        {
            return null;
        }

        Encoding encoding;
        var charset = value.Substring(0, firstQuote);
        if (charset.Equals("UTF-8", StringComparison.OrdinalIgnoreCase))
        {
            encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        }
        else if (charset.Equals("ISO-8859-1", StringComparison.OrdinalIgnoreCase))
        {
            encoding = Encoding.Latin1;
        }
        else
        {
            return null;
        }

        var encoded = value.Substring(secondQuote + 1);
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == '%')
            {
                if (i + 2 >= encoded.Length || !byte.TryParse(encoded.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    return null;
                }

                bytes.Add(b);
                i += 2;
            }
            else if (encoded[i] < 0x80)
            {
                bytes.Add((byte)encoded[i]);
            }
            else
            {
                return null;
            }
        }

        try
        {
            return encoding.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string? LastSegment(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var slash = name.LastIndexOfAny(['/', '\\']);
        var last = slash < 0 ? name : name.Substring(slash + 1);
        return last.Length == 0 || last == "." || last == ".." ? null : last;
    }
}
