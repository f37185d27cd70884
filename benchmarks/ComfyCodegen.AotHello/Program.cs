using System;

namespace ComfyCodegen.AotHello;

/// <summary>Prints one line: the runtime-only baseline for the AOT size comparison.</summary>
public static class Program
{
    /// <summary>Prints and exits 0.</summary>
    public static int Main()
    {
        Console.WriteLine("AotHello: hello");
        return 0;
    }
}
