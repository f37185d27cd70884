#!/usr/bin/env bash
# Issue 14's goal 3, side by side: a consumer's compile of the three Comfy clients as revision REV of the generator
# wrote them, against the same from this working tree, in one BenchmarkDotNet run (BaselineCompileBenchmarks).
#
# Makes a throwaway git worktree at REV, builds its CLI, generates the three specs with it (the same namespaces and
# client name the benchmarks use), copies its runtime beside them, and runs the benchmark class with
# COMFY_BASELINE_DIR pointing there. Everything it makes is removed on exit.
#
# Usage: benchmarks/baseline-compile.sh [REV [BenchmarkDotNet arguments…]]   REV defaults to 2abbe73 (issue 14's "today").
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
REV=${1:-2abbe73}
shift || true
WORK=$(mktemp -d)
cleanup() { git -C "$ROOT" worktree remove --force "$WORK/tree" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

say() { printf 'baseline-compile: %s\n' "$*"; }

say "worktree at $REV"
git worktree add --detach "$WORK/tree" "$REV" >/dev/null 2>&1
say "building its CLI"
dotnet build "$WORK/tree/generator/ComfyCodegen.Cli" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
CLI=$WORK/tree/generator/ComfyCodegen.Cli/bin/Release/net10.0

mkdir -p "$WORK/baseline/src" "$WORK/baseline/bin"
for spec in openapi-cloud:OpenapiCloud comfy-api-v2:ComfyApiV2 comfyui:Comfyui; do
  name=${spec%%:*}
  dotnet "$CLI/comfy-codegen.dll" generate "$WORK/tree/specs/$name.yaml" --out "$WORK/baseline/src/$name" \
    --namespace "Consumer.${spec#*:}" --client-name ComfyClient >/dev/null
done
# Its runtime and what the generated registration code compiles against (as GeneratorHost.References does).
for dll in "$CLI"/ComfyCodegen.Runtime.dll "$CLI"/ComfyCodegen.DependencyInjection.dll "$CLI"/Microsoft.Extensions.*.dll "$CLI"/Polly*.dll; do
  if [ -f "$dll" ]; then cp "$dll" "$WORK/baseline/bin/"; fi
done
say "$(find "$WORK/baseline/src" -name '*.cs' | wc -l) baseline files"

say "building the benchmarks"
dotnet build benchmarks/ComfyCodegen.Benchmarks -c Release -nologo -v q >"$WORK/bench.log" 2>&1 || { cat "$WORK/bench.log"; exit 1; }
cd benchmarks/ComfyCodegen.Benchmarks
COMFY_BASELINE_DIR="$WORK/baseline" dotnet bin/Release/net10.0/ComfyCodegen.Benchmarks.dll --filter '*BaselineCompileBenchmarks*' "$@"
