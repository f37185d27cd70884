#!/usr/bin/env python3
"""Issue 14's goal 1, second half: does any spec get more C# than at revision REV, per operation and per schema?

    python3 benchmarks/spec-bytes.py [REV] [CORPUS_DIR] [--jobs N]

REV defaults to 2abbe73 (issue 14's "today"). CORPUS_DIR defaults to $COMFY_CORPUS_DIR, else shared/corpus/specs
beside the repository; our three specs in specs/ are always included. Builds REV's CLI in a throwaway git worktree and
this tree's CLI, generates every spec with both (`comfy-codegen generate`, the files a build adds), and prints per
spec: the spec's bytes, the C# bytes at REV and now, their ratio, and the same per generated operation and per
model type (operations: the client interface's methods that send a request; model types: records, enums, unions,
result types and the client class, not converters). The last line sums it up. Exit code 1 when a spec that REV
generated now gets more bytes per operation or per model type, or fewer operations or model types.
"""
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A model type: a type declared at namespace level outside the Serialization namespaces (the converters and resolver
# live there), neither an interface nor a static class: the records, enums, unions and per-operation result types, and
# the client class. An operation: a method of the client's interface (one level in, a Task result, ending in ');'
# where the class's methods have a body); methods returning IAsyncEnumerable (page-by-page helpers, event streams) are
# not counted. Files with a file-scoped namespace declare at column 0; older revisions wrote block-scoped namespaces,
# several to a file, four spaces in.
NAMESPACE = re.compile(r"^namespace ([\w.]+)(;?)$", re.M)


def type_pattern(indent):
    return re.compile("^" + indent + r"public (?!static )(?:[a-z]+ )*(?:class|record|struct|enum) (\w+)", re.M)


def operation_pattern(indent):
    return re.compile("^" + indent + r"    global::System\.Threading\.Tasks\.Task\b.*? \w+Async\(.*\);$", re.M)


PATTERNS = {indent: (type_pattern(indent), operation_pattern(indent)) for indent in ("", "    ")}


def count(text):
    """(model types, operations) declared in one generated file: the types as a set of (namespace, name), since a
    partial type (the client, whose methods are in the files of its operation groups) is declared in several files."""
    types = set()
    operations = 0
    starts = list(NAMESPACE.finditer(text))
    for i, match in enumerate(starts):
        section = text[match.end():starts[i + 1].start() if i + 1 < len(starts) else len(text)]
        type_regex, operation_regex = PATTERNS["" if match.group(2) else "    "]
        operations += len(operation_regex.findall(section))
        if not match.group(1).endswith(".Serialization"):
            types.update((match.group(1), name) for name in type_regex.findall(section))
    return types, operations


def arguments(args):
    jobs = 2
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        args = args[:i] + args[i + 2:]
    rev = args[0] if args else "2abbe73"
    corpus = args[1] if len(args) > 1 else os.environ.get("COMFY_CORPUS_DIR") or os.path.join(os.path.dirname(ROOT), "shared", "corpus", "specs")
    return rev, corpus, jobs


def build(tree):
    project = os.path.join(tree, "generator", "ComfyCodegen.Cli")
    result = subprocess.run(["dotnet", "build", project, "-c", "Release", "-nologo", "-v", "q"], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"spec-bytes: the CLI at {tree} did not build:\n{result.stdout}{result.stderr}")
    return os.path.join(project, "bin", "Release", "net10.0", "comfy-codegen.dll")


def generate(cli, spec, out):
    """(bytes, operations, types) of what `generate` writes, or None when it writes nothing."""
    subprocess.run(["dotnet", cli, "generate", spec, "--out", out], capture_output=True, text=True)
    if not os.path.isdir(out):
        return None
    size = operations = 0
    types = set()
    for name in os.listdir(out):
        with open(os.path.join(out, name), encoding="utf-8") as file:
            text = file.read()
        size += len(text.encode("utf-8"))
        file_types, file_operations = count(text)
        types |= file_types
        operations += file_operations
    return (size, operations, len(types)) if size else None


def per(size, count):
    return size / count if count else float("nan")


def main():
    rev, corpus, jobs = arguments(sys.argv[1:])
    specs = [os.path.join(ROOT, "specs", name) for name in sorted(os.listdir(os.path.join(ROOT, "specs"))) if name.endswith(".yaml")]
    if os.path.isdir(corpus):
        specs += [os.path.join(corpus, name) for name in sorted(os.listdir(corpus))]
    else:
        print(f"spec-bytes: no corpus at {corpus}; our specs only", file=sys.stderr)

    work = tempfile.mkdtemp()
    tree = os.path.join(work, "tree")
    try:
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, rev], check=True, capture_output=True)
        print(f"spec-bytes: building the CLI at {rev} and this tree's", file=sys.stderr)
        before_cli, now_cli = build(tree), build(ROOT)

        def both(index_spec):
            index, spec = index_spec
            return spec, generate(before_cli, spec, os.path.join(work, f"a{index}")), generate(now_cli, spec, os.path.join(work, f"b{index}"))

        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            rows = list(pool.map(both, enumerate(specs)))
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)

    print(f"| spec | spec bytes | {rev} | now | ratio | operations {rev} → now | bytes/operation ratio | model types {rev} → now | bytes/model type ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    worse = []
    total_before = total_now = 0
    for spec, before, now in rows:
        name = os.path.basename(spec)
        spec_bytes = os.path.getsize(spec)
        if before is None or now is None:
            print(f"| {name} | {spec_bytes:,} | {'—' if before is None else f'{before[0]:,}'} | {'—' if now is None else f'{now[0]:,}'} | | | | | |")
            if before is not None:
                worse.append(name)
            continue
        (b_size, b_ops, b_types), (n_size, n_ops, n_types) = before, now
        total_before += b_size
        total_now += n_size
        op_ratio = per(n_size, n_ops) / per(b_size, b_ops) if b_ops and n_ops else float("nan")
        type_ratio = per(n_size, n_types) / per(b_size, b_types) if b_types and n_types else float("nan")
        print(f"| {name} | {spec_bytes:,} | {b_size:,} | {n_size:,} | {n_size / b_size:.2f} | {b_ops} → {n_ops} | {op_ratio:.2f} | {b_types} → {n_types} | {type_ratio:.2f} |")
        # A spec without operations (webhooks only) has no per-operation ratio; any other ratio that cannot be formed
        # (NaN: nothing found now) counts against the spec, not for it.
        more_per_operation = b_ops > 0 and not op_ratio <= 1
        more_per_type = not type_ratio <= 1
        if n_ops < b_ops or n_types < b_types or more_per_operation or more_per_type:
            worse.append(name)

    print(f"\n{len(rows)} specs; {total_before:,} bytes at {rev}, {total_now:,} now ({total_now / max(total_before, 1):.2f}×); "
          f"more per operation or per model type, or fewer of them: {len(worse)}{' (' + ', '.join(worse) + ')' if worse else ''}")
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
