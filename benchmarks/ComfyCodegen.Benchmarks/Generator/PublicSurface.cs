using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Issue 14's goal 1 against what users read: how many of a generated client's bytes are its public surface (the
/// public types' declarations and their doc comments, with every body, initializer, private member and internal type
/// taken out), and so how many are left for the code that makes it work. Run as
/// <c>ComfyCodegen.Benchmarks --surface DIR</c> on the output of <c>comfy-codegen generate</c>.
/// </summary>
public static class PublicSurface
{
    public static int Measure(string directory, TextWriter output)
    {
        long total = 0, surface = 0, docs = 0, files = 0;
        foreach (var file in Directory.GetFiles(directory, "*.cs"))
        {
            var text = File.ReadAllText(file);
            var root = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(documentationMode: DocumentationMode.Parse)).GetRoot();
            var stripped = new BodyStripper().Visit(root)!;
            files++;
            total += System.Text.Encoding.UTF8.GetByteCount(text);
            surface += System.Text.Encoding.UTF8.GetByteCount(stripped.ToFullString());
            docs += stripped.DescendantTrivia(descendIntoTrivia: true)
                .Where(trivia => trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia))
                .Sum(trivia => (long)System.Text.Encoding.UTF8.GetByteCount(trivia.ToFullString()));
        }

        if (files == 0)
        {
            output.WriteLine($"No .cs files in {directory}.");
            return 1;
        }

        output.WriteLine($"{files} files, {total:N0} bytes");
        output.WriteLine($"public surface (declarations and doc comments of public types, no bodies): {surface:N0} bytes ({(double)surface / total:P0}), of it doc comments {docs:N0}");
        output.WriteLine($"the rest (bodies, initializers, private members, internal types): {total - surface:N0} bytes");
        return 0;
    }

    /// <summary>Keeps what a user sees of a type: public declarations with their trivia, bodies and internals dropped.</summary>
    private sealed class BodyStripper : CSharpSyntaxRewriter
    {
        private static readonly SyntaxToken Semicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken);
        private static readonly AccessorListSyntax GetOnly = SyntaxFactory.AccessorList(SyntaxFactory.SingletonList(
            SyntaxFactory.AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(Semicolon)));

        private static bool Seen(MemberDeclarationSyntax member) =>
            member.Modifiers.Any(SyntaxKind.PublicKeyword) || member.Parent is InterfaceDeclarationSyntax;

        public override SyntaxNode? VisitClassDeclaration(ClassDeclarationSyntax node) => Seen(node) ? base.VisitClassDeclaration(node) : null;

        public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node) => Seen(node) ? node : null;

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
            Seen(node) || node.ExplicitInterfaceSpecifier is not null ? node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon) : null;

        public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
            Seen(node) ? node.WithInitializer(null).WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon) : null;

        public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
            node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

        public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
            node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

        public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            if (!Seen(node) && node.ExplicitInterfaceSpecifier is null)
            {
                return null;
            }

            return node.ExpressionBody is not null
                ? node.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GetOnly)
                : node.WithInitializer(null).WithSemicolonToken(default);
        }
    }
}
