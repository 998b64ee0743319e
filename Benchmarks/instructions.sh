#!/usr/bin/env bash
# Count the instructions of one cold `dossier build` of the synthetic corpus of N articles, under
# valgrind's callgrind: a figure that does not move with the machine's load, for comparing two
# builds of dossier (wall times on this shared machine vary by tens of percent from run to run).
#
#   Benchmarks/instructions.sh N [BINARY...]
#
# With no BINARY, builds dossier in release mode and counts that. Prints one line per binary:
# the instructions (callgrind's "Ir", user space only: the kernel's work of reading and writing
# files is not in it) and where the full profile was written (for callgrind_annotate).
#
# Notes (docs/performance.md, "Counting instructions"):
#   - valgrind 3.19 cannot read the DWARF of this toolchain's binaries; a copy without debug
#     information (`strip --strip-debug`, symbols kept) is what runs.
#   - valgrind has no SHA extensions, so SHA-256 runs BoringSSL's AVX code there: its share of
#     the count is several times its share of a native run.
#
# Environment: DOSSIER_BENCH_GEN, DOSSIER_BENCH_DIR as for run.sh.
set -euo pipefail

[[ $# -ge 1 && "$1" =~ ^[0-9]+$ && "$1" -gt 0 ]] || { echo "usage: $0 N [BINARY...]" >&2; exit 2; }
N=$1; shift
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
GEN=${DOSSIER_BENCH_GEN:-$HERE/../../shared/bench/gen-corpus.py}
WORK=${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}
mkdir -p "$WORK"

if ! command -v valgrind >/dev/null; then
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO=sudo
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq valgrind >&2
fi

binaries=("$@")
if [[ ${#binaries[@]} -eq 0 ]]; then
    (cd "$REPO" && swift build -c release >&2)
    binaries=("$(cd "$REPO" && swift build -c release --show-bin-path)/dossier")
fi

SRC="$WORK/dossier-$N"
if [[ ! -f "$SRC/.complete" ]]; then
    [[ -f "$GEN" ]] || { echo "error: corpus generator not found at $GEN (set DOSSIER_BENCH_GEN)" >&2; exit 1; }
    rm -rf "$SRC"
    python3 "$GEN" "$N" "$SRC"
    touch "$SRC/.complete"
fi

for binary in "${binaries[@]}"; do
    copy=$(mktemp "$WORK/instr-bin.XXXXXX")
    out=$(mktemp -d "$WORK/instr-out.XXXXXX")
    profile=$(mktemp "$WORK/callgrind.XXXXXX")
    strip --strip-debug -o "$copy" "$binary"
    chmod +x "$copy"
    rm -rf "$SRC/.dossier-cache"
    valgrind --tool=callgrind --callgrind-out-file="$profile" "$copy" build --source "$SRC" --output "$out/site" \
        >/dev/null 2>"$profile.log" || { cat "$profile.log" >&2; exit 1; }
    count=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$profile.log")
    echo "$binary: $count instructions (N=$N), profile $profile"
    rm -rf "$copy" "$out" "$SRC/.dossier-cache"
done
