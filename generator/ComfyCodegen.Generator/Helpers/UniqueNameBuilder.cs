using System;
using System.Collections.Generic;
using System.Globalization;

namespace ComfyCodegen.Generator.Helpers;

/// <summary>
/// Hands out identifiers unique within one scope (a namespace, a type's members, a method's parameters). Reserved
/// names are taken up front; a clash gets the smallest free numeric suffix ("Id", "Id2").
/// </summary>
internal sealed class UniqueNameBuilder
{
    private readonly HashSet<string> _taken;

    public UniqueNameBuilder(IEqualityComparer<string>? comparer = null, params string[] reserved)
    {
        _taken = new HashSet<string>(reserved, comparer ?? StringComparer.Ordinal);
    }

    public void Reserve(string name) => _taken.Add(name);

    public bool IsTaken(string name) => _taken.Contains(name);

    public string Allocate(string preferred)
    {
        if (_taken.Add(preferred))
        {
            return preferred;
        }

        for (var i = 2; ; i++)
        {
            var candidate = preferred + i.ToString(CultureInfo.InvariantCulture);
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }
}
