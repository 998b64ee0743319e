#!/usr/bin/env bash
# Benchmark `dossier build` against Hugo on the synthetic corpus of N articles.
#
#   Benchmarks/run.sh N [--100k] [--no-hugo]
#
# Generates both corpora with shared/bench/gen-corpus.py (same N for both tools), installs
# hugo, hyperfine and GNU time from Debian when missing, builds dossier in release mode, then
# measures, side by side in one run:
#   - cold builds (no output, no cache) of dossier and hugo: hyperfine, median of RUNS runs;
#   - peak memory of one cold build of each: /usr/bin/time -v;
#   - a rebuild with nothing changed (and checks that no output file's mtime changed);
#   - a rebuild after editing one article's body (and counts the output files it rewrote);
#   - with --100k, or when N is 100000: a cold 100,000-article build of dossier.
# It prints one table. It exits 0 whatever the ratios; non-zero only if something broke.
#
# Environment:
#   DOSSIER_BENCH_GEN   path of gen-corpus.py (default: ../shared/bench/gen-corpus.py beside the repo)
#   DOSSIER_BENCH_DIR   work folder for corpora and outputs (default: /tmp/dossier-bench)
#   RUNS                hyperfine runs per command (default: 5)
#   SETTLE              seconds to leave between a run's clean-up and the next run's cold builds
#                       (default: 360; see the cold builds below)
set -euo pipefail

usage() { echo "usage: $0 N [--100k] [--no-hugo]" >&2; exit 2; }
[[ $# -ge 1 && "$1" =~ ^[0-9]+$ && "$1" -gt 0 ]] || usage
N=$1; shift
BIG=0; HUGO=1
for arg in "$@"; do
    case "$arg" in
        --100k) BIG=1 ;;
        --no-hugo) HUGO=0 ;;
        *) usage ;;
    esac
done
[[ "$N" -eq 100000 ]] && BIG=1

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
GEN=${DOSSIER_BENCH_GEN:-$HERE/../../shared/bench/gen-corpus.py}
WORK=${DOSSIER_BENCH_DIR:-/tmp/dossier-bench}
RUNS=${RUNS:-5}
[[ -f "$GEN" ]] || { echo "error: corpus generator not found at $GEN (set DOSSIER_BENCH_GEN)" >&2; exit 1; }
mkdir -p "$WORK"

# --- Tools -------------------------------------------------------------------------------------
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ $HUGO -eq 1 ]]; then command -v hugo >/dev/null || need+=(hugo); fi
if [[ ${#need[@]} -gt 0 ]]; then
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO=sudo
    echo "installing ${need[*]} from Debian" >&2
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi

# --- Build dossier -----------------------------------------------------------------------------
echo "building dossier (release)" >&2
(cd "$REPO" && swift build -c release >&2)
DOSSIER="$(cd "$REPO" && swift build -c release --show-bin-path)/dossier"
[[ -x "$DOSSIER" ]] || { echo "error: no release binary at $DOSSIER" >&2; exit 1; }

# --- Corpora -----------------------------------------------------------------------------------
corpus() {  # corpus N DIR [--hugo]: generate once; the corpus depends only on N.
    local n=$1 dir=$2; shift 2
    if [[ ! -f "$dir/.complete" ]]; then
        echo "generating $dir" >&2
        rm -rf "$dir"
        python3 "$GEN" "$n" "$dir" "$@"
        touch "$dir/.complete"
    fi
}
SRC="$WORK/dossier-$N"; OUT="$WORK/dossier-$N-out"
HSRC="$WORK/hugo-$N"; HOUT="$WORK/hugo-$N-out"
corpus "$N" "$SRC"
[[ $HUGO -eq 1 ]] && corpus "$N" "$HSRC" --hugo

# --- Helpers -----------------------------------------------------------------------------------
median_of() {  # median_of JSON: the median wall time in seconds of hyperfine's only command
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$1"
}
cores_of() {  # cores_of JSON: mean CPU time (user + system) over mean wall time: how many cores were busy
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.2f" % ((r["user"] + r["system"]) / r["mean"]))' "$1"
}
peak_kib() {  # peak_kib CMD...: runs CMD under /usr/bin/time -v, prints max RSS in KiB
    local log="$WORK/time.log"
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$WORK/cmd.err" || { cat "$WORK/cmd.err" >&2; return 1; }
    awk -F': ' '/Maximum resident set size/ {print $2}' "$log"
}
wall_of() {  # wall_of: elapsed seconds of the last peak_kib run
    awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/time.log" |
        python3 -c 'import sys; p=sys.stdin.read().strip().split(":"); print("%.3f" % sum(float(x)*60**i for i,x in enumerate(reversed(p))))'
}
snapshot() {  # snapshot DIR FILE: path, mtime and inode of every file
    (cd "$1" && find . -type f -printf '%P %T@ %i\n' | sort) > "$2"
}
changed() {  # changed BEFORE AFTER: number of files added, removed or rewritten
    python3 - "$1" "$2" <<'EOF'
import sys
def load(p):
    d = {}
    for line in open(p):
        path, rest = line.rstrip("\n").rsplit(" ", 2)[0], line.rstrip("\n").rsplit(" ", 2)[1:]
        d[path] = tuple(rest)
    return d
a, b = load(sys.argv[1]), load(sys.argv[2])
print(sum(1 for k in set(a) | set(b) if a.get(k) != b.get(k)))
EOF
}
mib() { python3 -c "import sys; print('%.1f MiB' % (int(sys.argv[1]) / 1024))" "$1"; }
ratio() { python3 -c "import sys; print('%.3f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
pages() { find "$1" -name '*.html' | wc -l; }

# Cold runs move the previous output aside rather than delete it: on ext4 without a journal,
# creating files within 30 s of deleting many spends most of its time in the kernel's
# recently_deleted() (see docs/performance.md), for either tool. The trash goes after the timings.
TRASH="$WORK/trash"
mkdir -p "$TRASH"
aside() { echo "if [ -e '$1' ]; then mv '$1' \"\$(mktemp -d '$TRASH/XXXXXX')/\"; fi"; }
# The spare tree a rebuild leaves beside the output (`.NAME.dossier-staging`, see StagedOutput)
# goes aside too: a build without an output deletes it, which made the first cold run of a
# benchmark delete 11,000 files inside its timing.
SPARE="$(dirname "$OUT")/.$(basename "$OUT").dossier-staging"
DCOLD="$(aside "$OUT"); $(aside "$SPARE"); rm -rf '$SRC/.dossier-cache'"
DBUILD="'$DOSSIER' build --source '$SRC' --output '$OUT'"
HCOLD="$(aside "$HOUT"); rm -rf '$HSRC/resources' '$WORK/hugo-cache'"
HBUILD="hugo --quiet --source '$HSRC' --destination '$HOUT' --cacheDir '$WORK/hugo-cache'"

# The previous run's clean-up (the trash, deleted at the end) slows the next minutes' file creation
# the same way, and it would fall on dossier's runs, which come first: a run that starts within
# SETTLE seconds of it waits out the rest. The stamp is this script's own; other deletions are not
# tracked.
STAMP="$WORK/.trash-deleted-at"
SETTLE=${SETTLE:-360}
if [[ -f "$STAMP" ]]; then
    left=$(( $(cat "$STAMP") + SETTLE - $(date +%s) ))
    if [[ $left -gt 0 ]]; then
        echo "waiting ${left} s: the previous run deleted its outputs less than ${SETTLE} s ago" >&2
        sleep "$left"
    fi
fi

# --- Cold builds -------------------------------------------------------------------------------
# One untimed run of each tool first (hyperfine's warm-up, prepared like the others): the
# machine's page cache drops files within a minute (docs/performance.md, "Machine"), so the first
# run read its corpus and binary from the disk and was the slowest of five, for either tool.
echo "cold builds, $RUNS runs each after one warm-up run" >&2
hyperfine --runs "$RUNS" --warmup 1 --prepare "$DCOLD" --export-json "$WORK/d-cold.json" -n dossier "$DBUILD" >&2
D_COLD=$(median_of "$WORK/d-cold.json")
if [[ $HUGO -eq 1 ]]; then
    hyperfine --runs "$RUNS" --warmup 1 --prepare "$HCOLD" --export-json "$WORK/h-cold.json" -n hugo "$HBUILD" >&2
    H_COLD=$(median_of "$WORK/h-cold.json")
fi

echo "peak memory of one cold build each" >&2
eval "$DCOLD"
D_RSS=$(peak_kib "$DOSSIER" build --source "$SRC" --output "$OUT")
D_PAGES=$(pages "$OUT")
if [[ $HUGO -eq 1 ]]; then
    eval "$HCOLD"
    H_RSS=$(peak_kib hugo --quiet --source "$HSRC" --destination "$HOUT" --cacheDir "$WORK/hugo-cache")
    H_PAGES=$(pages "$HOUT")
fi

# --- Rebuild with nothing changed --------------------------------------------------------------
echo "rebuilds with nothing changed" >&2
snapshot "$OUT" "$WORK/before"
hyperfine --runs "$RUNS" --export-json "$WORK/d-noop.json" -n "dossier no-change" "$DBUILD" >&2
D_NOOP=$(median_of "$WORK/d-noop.json")
snapshot "$OUT" "$WORK/after"
NOOP_CHANGED=$(changed "$WORK/before" "$WORK/after")

# --- Rebuild after editing one article's body --------------------------------------------------
# The edit toggles one sentence at the end of the body, so every run really changes the file.
ARTICLE=$(find "$SRC/content/articles" -name '*.md' | sort | sed -n "$(( (N + 1) / 2 ))p")
EDIT="python3 -c \"import sys; p=sys.argv[1]; t=open(p).read(); m='\\nEdited for the benchmark.\\n'; open(p,'w').write(t[:-len(m)] if t.endswith(m) else t+m)\" '$ARTICLE'"
echo "rebuilds after editing $ARTICLE" >&2
cp "$ARTICLE" "$WORK/article.orig"
hyperfine --runs "$RUNS" --prepare "$EDIT" --export-json "$WORK/d-edit.json" -n "dossier one edit" "$DBUILD" >&2
D_EDIT=$(median_of "$WORK/d-edit.json")
snapshot "$OUT" "$WORK/before"
eval "$EDIT"
eval "$DBUILD" >/dev/null
snapshot "$OUT" "$WORK/after"
EDIT_CHANGED=$(changed "$WORK/before" "$WORK/after")
cp "$WORK/article.orig" "$ARTICLE"


# --- 100,000 articles --------------------------------------------------------------------------
if [[ $BIG -eq 1 ]]; then
    BSRC="$WORK/dossier-100000"; BOUT="$WORK/dossier-100000-out"
    corpus 100000 "$BSRC"
    echo "cold build, 100,000 articles" >&2
    # Moved aside like the 10k outputs: deleting 110,000 files here slowed this build and the next
    # run's (see the cold runs above).
    eval "$(aside "$BOUT")"
    eval "$(aside "$(dirname "$BOUT")/.$(basename "$BOUT").dossier-staging")"
    rm -rf "$BSRC/.dossier-cache"
    B_RSS=$(peak_kib "$DOSSIER" build --source "$BSRC" --output "$BOUT")
    B_WALL=$(wall_of)
    B_PAGES=$(pages "$BOUT")
fi

# Every deletion happens here, after the timings, and the next run waits for it to settle.
rm -rf "$TRASH"
date +%s > "$STAMP"

# --- Table -------------------------------------------------------------------------------------
echo
echo "dossier $(git -C "$REPO" rev-parse --short HEAD), N=$N, $(nproc) cores, runs=$RUNS (medians)"
echo
echo "| measurement | dossier | hugo | dossier / hugo |"
echo "|---|---:|---:|---:|"
if [[ $HUGO -eq 1 ]]; then
    echo "| pages written, cold | $D_PAGES | $H_PAGES | |"
    echo "| cold build, wall | ${D_COLD} s | ${H_COLD} s | $(ratio "$D_COLD" "$H_COLD") |"
    echo "| cold build, peak RSS | $(mib "$D_RSS") | $(mib "$H_RSS") | $(ratio "$D_RSS" "$H_RSS") |"
    echo "| cold build, cores busy (CPU time / wall, means) | $(cores_of "$WORK/d-cold.json") | $(cores_of "$WORK/h-cold.json") | |"
else
    echo "| pages written, cold | $D_PAGES | | |"
    echo "| cold build, wall | ${D_COLD} s | | |"
    echo "| cold build, peak RSS | $(mib "$D_RSS") | | |"
    echo "| cold build, cores busy (CPU time / wall, means) | $(cores_of "$WORK/d-cold.json") | | |"
fi
echo "| no-change rebuild, wall | ${D_NOOP} s | | |"
echo "| no-change rebuild, files whose mtime or inode changed | $NOOP_CHANGED | | |"
echo "| one-article edit rebuild, wall | ${D_EDIT} s | | |"
echo "| one-article edit rebuild, files rewritten | $EDIT_CHANGED | | |"
if [[ $BIG -eq 1 ]]; then
    echo "| 100,000 articles cold, pages | $B_PAGES | | |"
    echo "| 100,000 articles cold, wall (one run) | ${B_WALL} s | | |"
    echo "| 100,000 articles cold, peak RSS | $(mib "$B_RSS") | | |"
fi
