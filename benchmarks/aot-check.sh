#!/usr/bin/env bash
# Native AOT check for the generated clients.
#
# Publishes benchmarks/ComfyCodegen.AotConsumer (a console program calling the generated Comfy Cloud, Comfy API v2
# and ComfyUI clients over an in-memory server, and their DI registration) with PublishAot for linux-x64, counts the
# trim (IL2xxx) and AOT (IL3xxx) warnings of the publish, runs the native binary, and does the same for
# benchmarks/ComfyCodegen.AotHello (an empty console program) as the runtime-only size baseline.
#
# Fails (non-zero) on any IL2xxx/IL3xxx warning, a failed publish, or a binary that does not run and exit 0.
# Installs the native toolchain it needs (clang, zlib1g-dev) when missing, idempotently; falls back to gcc as the
# linker when clang cannot be had. Logs go to artifacts/aot/.
#
# Usage: benchmarks/aot-check.sh
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
RID=linux-x64
CONFIG=Release
TFM=net10.0
LOGS=$ROOT/artifacts/aot
mkdir -p "$LOGS"

say() { printf 'aot-check: %s\n' "$*"; }
fail() { printf 'aot-check: FAIL: %s\n' "$*" >&2; exit 1; }

# --- The native toolchain: NativeAOT on Linux compiles and links with clang (or gcc), and wants zlib's headers. ---
LINKER_ARGS=()
TOOLCHAIN=
ensure_toolchain() {
  local need=()
  command -v clang >/dev/null 2>&1 || need+=(clang)
  [ -e /usr/include/zlib.h ] || need+=(zlib1g-dev)
  if [ ${#need[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
      local sudo=()
      [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && sudo=(sudo); }
      say "installing ${need[*]} (apt-get)"
      if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"; } >"$LOGS/apt-get.log" 2>&1; then
        say "apt-get could not install ${need[*]} (see $LOGS/apt-get.log)"
      fi
    else
      say "missing ${need[*]} and no apt-get to install them"
    fi
  fi

  if command -v clang >/dev/null 2>&1; then
    TOOLCHAIN="clang $(clang -dumpversion)"
  elif command -v gcc >/dev/null 2>&1; then
    LINKER_ARGS=(-p:CppCompilerAndLinker=gcc)
    TOOLCHAIN="gcc $(gcc -dumpversion) (clang unavailable)"
  else
    fail "no native toolchain: neither clang nor gcc is installed, and clang could not be installed"
  fi
  [ -e /usr/include/zlib.h ] || say "warning: zlib.h not found; the native link may fail"
}

# --- Publish one project from scratch (so every warning is reported again), count its trim/AOT warnings. ---
# Sets: BIN (path of the native binary), SIZE (bytes), SECS (publish seconds), IL_COUNT, OTHER_COUNT.
publish() {
  local name=$1
  local dir=$ROOT/benchmarks/$name
  local log=$LOGS/$name.publish.log
  # The RID-specific outputs only: a stale obj would let the compiler and ILC skip work and print no warnings.
  rm -rf "$dir/bin/$CONFIG/$TFM/$RID" "$dir/obj/$CONFIG/$TFM/$RID"

  local start end rc=0
  start=$(date +%s.%N)
  # Warnings stay warnings here so all of them are listed and counted (as errors, the first would stop the build).
  dotnet publish "$dir/$name.csproj" -c "$CONFIG" -r "$RID" -p:TreatWarningsAsErrors=false "${LINKER_ARGS[@]}" -nologo >"$log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  SECS=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", e - s }')

  # Roslyn's analyzers print "warning IL2026: ...", ILC prints "Trim analysis warning IL2026: ..." and
  # "AOT analysis warning IL3050: ..."; MSBuild repeats each in its summary, hence sort -u.
  grep -E '(warning|error) IL[23][0-9]{3}' "$log" | sort -u >"$LOGS/$name.il-warnings.txt" || true
  grep -E ': (warning|error) [A-Z]+[0-9]+' "$log" | grep -vE '(warning|error) IL[23][0-9]{3}' | sort -u >"$LOGS/$name.other-warnings.txt" || true
  IL_COUNT=$(wc -l <"$LOGS/$name.il-warnings.txt" | tr -d ' ')
  OTHER_COUNT=$(wc -l <"$LOGS/$name.other-warnings.txt" | tr -d ' ')

  if [ "$rc" -ne 0 ]; then
    tail -n 40 "$log" >&2
    fail "dotnet publish of $name failed (exit $rc); full log: $log"
  fi

  BIN=$dir/bin/$CONFIG/$TFM/$RID/publish/$name
  [ -x "$BIN" ] || fail "$name: no native binary at $BIN (was it published with PublishAot?)"
  SIZE=$(stat -c %s "$BIN")
  say "$name: published in ${SECS}s, $IL_COUNT trim/AOT warnings, $OTHER_COUNT other warnings, $(mib "$SIZE") MiB"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

run() {
  local name=$1 bin=$2 rc=0
  say "running $name"
  "$bin" >"$LOGS/$name.run.log" 2>&1 || rc=$?
  sed 's/^/  | /' "$LOGS/$name.run.log"
  [ "$rc" -eq 0 ] || fail "$name exited $rc"
}

command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK (dotnet) is not on PATH"
ensure_toolchain
say "toolchain: $TOOLCHAIN; $(dotnet --version) SDK; $RID"

publish ComfyCodegen.AotConsumer
CONSUMER_BIN=$BIN CONSUMER_SIZE=$SIZE CONSUMER_SECS=$SECS CONSUMER_IL=$IL_COUNT CONSUMER_OTHER=$OTHER_COUNT
publish ComfyCodegen.AotHello
HELLO_BIN=$BIN HELLO_SIZE=$SIZE HELLO_IL=$IL_COUNT HELLO_OTHER=$OTHER_COUNT

status=0
if [ "$CONSUMER_IL" -ne 0 ] || [ "$HELLO_IL" -ne 0 ]; then
  say "trim/AOT warnings:"
  cat "$LOGS/ComfyCodegen.AotConsumer.il-warnings.txt" "$LOGS/ComfyCodegen.AotHello.il-warnings.txt" >&2
  status=1
fi
if [ "$CONSUMER_OTHER" -ne 0 ] || [ "$HELLO_OTHER" -ne 0 ]; then
  say "other warnings (not trim/AOT; reported, not failed on):"
  cat "$LOGS/ComfyCodegen.AotConsumer.other-warnings.txt" "$LOGS/ComfyCodegen.AotHello.other-warnings.txt"
fi

run ComfyCodegen.AotConsumer "$CONSUMER_BIN"
run ComfyCodegen.AotHello "$HELLO_BIN"

ADDED=$((CONSUMER_SIZE - HELLO_SIZE))
summary="AOT: $CONSUMER_IL trim/AOT warnings; native binary $(mib "$CONSUMER_SIZE") MiB (${CONSUMER_BIN#"$ROOT"/}); ran OK; empty AOT app $(mib "$HELLO_SIZE") MiB, so our clients add $(mib "$ADDED") MiB; published in ${CONSUMER_SECS}s with $TOOLCHAIN"
if [ "$status" -ne 0 ]; then
  echo "$summary" | sed 's/; ran OK//'
  fail "$((CONSUMER_IL + HELLO_IL)) trim/AOT warnings (listed above; logs in ${LOGS#"$ROOT"/})"
fi
echo "$summary"
