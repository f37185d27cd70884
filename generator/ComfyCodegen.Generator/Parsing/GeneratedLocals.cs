using System.Text.RegularExpressions;

namespace ComfyCodegen.Generator.Parsing;

/// <summary>
/// The locals an operation's method declares besides those of its parameters (see OperationEmitter and
/// ValidationEmitter). A parameter's local ("__" + its name) must not be one of them: a parameter named "request"
/// would otherwise declare a second "__request".
/// </summary>
internal static class GeneratedLocals
{
    public static readonly string[] Fixed = { "__request", "__form", "__fields", "__content", "__body", "__file", "__x" };

    // Numbered locals: form fields, multipart parts and files, validation loops; and the checked copies of parameters.
    private static readonly Regex Numbered = new(@"^__(f|part|files|i|item)[0-9]+$|^__checked_", RegexOptions.CultureInvariant);

    public static string? Refuses(string name) => Numbered.IsMatch(name) ? "a local of the method" : null;
}
