#!/usr/bin/env python3
"""Every spec of the shared corpus through `comfy-codegen check --warnaserror`, as one table.

    python3 benchmarks/corpus-table.py [CORPUS_DIR] [--jobs N]

CORPUS_DIR defaults to $COMFY_CORPUS_DIR, else shared/corpus/specs beside the repository. Prints, per spec: the
operations it declares and how many were generated, the generator's warnings by id, the compiler's errors and warnings
(the generated code compiled against the runtime, warnings as errors), and the wall time of the check. The last line
sums it up. Exit code 1 when any spec crashed the generator, gave no client, or did not compile cleanly.
"""
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "generator", "ComfyCodegen.Cli")
DLL = os.path.join(CLI, "bin", "Release", "net10.0", "comfy-codegen.dll")


def corpus_dir(args):
    positional = [a for a in args if not a.startswith("--") and not a.isdigit()]
    if positional:
        return positional[0]
    return os.environ.get("COMFY_CORPUS_DIR") or os.path.join(os.path.dirname(ROOT), "shared", "corpus", "specs")


def check(path):
    started = time.monotonic()
    result = subprocess.run(["dotnet", DLL, "check", path, "--warnaserror"], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    warnings = collections.Counter(re.findall(r": warning (CCG\d+):", output))
    errors = collections.Counter(re.findall(r": error (CCG\d+):", output))
    operations = re.search(r"^(\d+) of (\d+) operations generated$", output, re.M)
    compiled = re.search(r"^(\d+) files generated; (\d+) compiler errors, (\d+) compiler warnings$", output, re.M)
    return {
        "spec": os.path.basename(path),
        "code": result.returncode,
        "generated": int(operations.group(1)) if operations else 0,
        "declared": int(operations.group(2)) if operations else 0,
        "files": int(compiled.group(1)) if compiled else 0,
        "cs_errors": int(compiled.group(2)) if compiled else 0,
        "cs_warnings": int(compiled.group(3)) if compiled else 0,
        "warnings": warnings,
        "errors": errors,
        "seconds": elapsed,
    }


def main(args):
    directory = corpus_dir(args)
    jobs = int(args[args.index("--jobs") + 1]) if "--jobs" in args else 2
    specs = sorted(os.path.join(directory, name) for name in os.listdir(directory))
    subprocess.run(["dotnet", "build", CLI, "-c", "Release", "-v", "q", "-nologo"], check=True, stdout=subprocess.DEVNULL)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(check, specs))

    print("| spec | operations | generated | generator warnings | generator errors | files | compiler errors | compiler warnings | seconds |")
    print("|---|---:|---:|---|---|---:|---:|---:|---:|")
    for row in rows:
        by_id = lambda counter: ", ".join(f"{key} ×{value}" for key, value in sorted(counter.items())) or "–"
        print(f"| {row['spec']} | {row['declared']} | {row['generated']} | {by_id(row['warnings'])} | {by_id(row['errors'])} "
              f"| {row['files']} | {row['cs_errors']} | {row['cs_warnings']} | {row['seconds']:.1f} |")

    clean = [r for r in rows if r["code"] == 0 and r["files"] > 0 and r["generated"] == r["declared"]]
    fallbacks = sum(r["warnings"].get("CCG0007", 0) for r in rows)
    print()
    print(f"{len(clean)} of {len(rows)} specs: a client that compiles with zero warnings and every operation; "
          f"{sum(r['generated'] for r in rows)} of {sum(r['declared'] for r in rows)} operations generated; "
          f"{fallbacks} CCG0007 fallbacks; {sum(r['cs_warnings'] for r in rows)} compiler warnings; "
          f"{sum(r['seconds'] for r in rows):.0f} s of checks")
    return 0 if len(clean) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
