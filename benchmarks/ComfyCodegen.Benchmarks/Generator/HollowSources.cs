using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ComfyCodegen.Benchmarks.Generator;

/// <summary>
/// Generated sources with every method, constructor, accessor and operator body replaced by <c>throw null!</c> and every
/// field and property initializer dropped (constants and constructor initializers stay, as the code must build): the
/// same types, members, attributes and doc comments, no implementation. Their compile is the floor of goal 3 for this
/// public surface: what a consumer's build would still pay if the code that works cost nothing.
/// </summary>
internal static class HollowSources
{
    public static SyntaxTree Hollow(SyntaxTree tree) =>
        tree.WithRootAndOptions(new Hollower().Visit(tree.GetRoot())!, tree.Options);

    private sealed class Hollower : CSharpSyntaxRewriter
    {
        private static readonly ArrowExpressionClauseSyntax Throws =
            SyntaxFactory.ArrowExpressionClause(SyntaxFactory.ParseExpression(" throw null!"));

        private static readonly SyntaxToken Semicolon = SyntaxFactory.Token(SyntaxKind.SemicolonToken);

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            if (node.Body is null && node.ExpressionBody is null)
            {
                return node;
            }

            // An async iterator without its yield is no longer one; without the modifier it is a plain method.
            var modifiers = SyntaxFactory.TokenList(node.Modifiers.Where(modifier => !modifier.IsKind(SyntaxKind.AsyncKeyword)));
            return node.WithModifiers(modifiers).WithBody(null).WithExpressionBody(Throws).WithSemicolonToken(Semicolon);
        }

        public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
            node.WithBody(null).WithExpressionBody(Throws).WithSemicolonToken(Semicolon);

        public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
            node.WithBody(null).WithExpressionBody(Throws).WithSemicolonToken(Semicolon);

        public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
            node.WithBody(null).WithExpressionBody(Throws).WithSemicolonToken(Semicolon);

        public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node)
        {
            if (node.ExpressionBody is not null)
            {
                return node.WithExpressionBody(Throws);
            }

            var hollow = (PropertyDeclarationSyntax)base.VisitPropertyDeclaration(node)!;
            return hollow.Initializer is null ? hollow : hollow.WithInitializer(null).WithSemicolonToken(default);
        }

        // A constant needs its value; any other field starts out default.
        public override SyntaxNode? VisitFieldDeclaration(FieldDeclarationSyntax node) =>
            node.Modifiers.Any(SyntaxKind.ConstKeyword)
                ? node
                : node.WithDeclaration(node.Declaration.WithVariables(SyntaxFactory.SeparatedList(
                    node.Declaration.Variables.Select(variable => variable.WithInitializer(null)))));

        public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node) =>
            node.Body is null && node.ExpressionBody is null ? node : node.WithBody(null).WithExpressionBody(Throws).WithSemicolonToken(Semicolon);
    }
}
