#!/usr/bin/env bash
# Benchmark `dossier build` against Hugo on the synthetic corpus of N articles.
#
#   Benchmarks/run.sh N [--100k] [--no-hugo]
#
# Generates both corpora with shared/bench/gen-corpus.py (same N for both tools), installs
# hugo, hyperfine and GNU time from Debian when missing, builds dossier in release mode, then
# measures, side by side in one run:
#   - cold builds (no output, no cache) of dossier and hugo, interleaved round by round
#     (Benchmarks/interleave.py): the median wall time of RUNS runs each, and the medians of the
#     same runs' peak memory and user and system CPU time; and the free memory as they began;
#   - a rebuild with nothing changed (and checks that no output file's mtime changed);
#   - a rebuild after editing one article's body (and counts the output files it rewrote);
#   - with --100k, or when N is 100000: a cold 100,000-article build of dossier.
# It prints one table. It exits 0 whatever the ratios; non-zero only if something broke.
#
# Environment:
#   DOSSIER_BENCH_GEN   path of gen-corpus.py (default: ../shared/bench/gen-corpus.py beside the repo)
#   DOSSIER_BENCH_DIR   work folder for corpora and outputs (default: /tmp/dossier-bench)
#   RUNS                runs per measurement (default: 5): cold rounds, and hyperfine's runs of
#                       the rebuilds
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
cold_stat() {  # cold_stat TOOL wall|maxrss_kib|cores|cpu, or cold_stat ratios: from the interleaved cold runs
    python3 - "$WORK/cold.json" "$@" <<'EOF'
import json, statistics, sys
data = json.load(open(sys.argv[1]))["tools"]
if sys.argv[2] == "ratios":
    # dossier / hugo in each round: the median and the range.
    r = [d / h for d, h in zip(data["dossier"]["wall"], data["hugo"]["wall"])]
    print("%.3f (%.3f to %.3f)" % (statistics.median(r), min(r), max(r)))
else:
    t, what = data[sys.argv[2]], sys.argv[3]
    if what == "wall":
        print("%.3f" % statistics.median(t["wall"]))
    elif what == "maxrss_kib":
        print(int(statistics.median(t["maxrss_kib"])))
    elif what == "cpu":  # user and system CPU time, medians
        print("%.2f / %.2f s" % (statistics.median(t["user"]), statistics.median(t["sys"])))
    else:  # cores: mean CPU time (user + system) over mean wall time
        print("%.2f" % ((statistics.mean(t["user"]) + statistics.mean(t["sys"])) / statistics.mean(t["wall"])))
EOF
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
# Each cold run starts with no dirty data from earlier runs (`sync`, untimed). The kernel writes
# dirty pages back 30 s after they were written, on the same two cores (and ext4 allocates their
# blocks then: 110 MB were dirty after one Hugo build, 270 MB after a dossier build right after),
# so a run paid for part of earlier runs' output, more or less with the order: in one run dossier
# took 1.38 to 1.68 s right after Hugo and 1.34 to 1.49 s right before it.
DCOLD="$(aside "$OUT"); $(aside "$SPARE"); rm -rf '$SRC/.dossier-cache'; sync"
DBUILD="'$DOSSIER' build --source '$SRC' --output '$OUT'"
HCOLD="$(aside "$HOUT"); rm -rf '$HSRC/resources' '$WORK/hugo-cache'; sync"
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
# Interleaved (Benchmarks/interleave.py): each round builds with dossier and with hugo, the order
# alternating from round to round, after one untimed round. The machine's speed drifts over minutes
# (docs/performance.md, "Machine"); timed one tool after the other, as hyperfine does, the drift
# fell on one tool's runs and moved the ratio. The peak memory is that of the same runs, each
# process's own (`wait4`), as a median.
echo "cold builds, $RUNS interleaved rounds after one warm-up round" >&2
# How much memory is free, and how much the page cache holds, as the cold builds start: on the
# virtual machine of docs/performance.md ("Machine"), which hands freed memory back to its host, a
# build's system time moved by half with the machine's memory state, so runs print it to compare.
MEMORY=$(awk '/^MemFree:/ {free=$2} /^Cached:/ {cached=$2} END {printf "%.1f GiB free, %.1f GiB in the page cache", free/1048576, cached/1048576}' /proc/meminfo 2>/dev/null || echo "not known")
TOOLS=(dossier "$DCOLD" "$DBUILD")
[[ $HUGO -eq 1 ]] && TOOLS+=(hugo "$HCOLD" "$HBUILD")
python3 "$HERE/interleave.py" "$RUNS" "$WORK/cold.json" "${TOOLS[@]}"
D_COLD=$(cold_stat dossier wall)
D_RSS=$(cold_stat dossier maxrss_kib)
D_PAGES=$(pages "$OUT")
if [[ $HUGO -eq 1 ]]; then
    H_COLD=$(cold_stat hugo wall)
    H_RSS=$(cold_stat hugo maxrss_kib)
    H_PAGES=$(pages "$HOUT")
    ROUND_RATIOS=$(cold_stat ratios)
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
    echo "| cold build, cores busy (CPU time / wall, means) | $(cold_stat dossier cores) | $(cold_stat hugo cores) | |"
    echo "| cold build, CPU user / system | $(cold_stat dossier cpu) | $(cold_stat hugo cpu) | |"
else
    echo "| pages written, cold | $D_PAGES | | |"
    echo "| cold build, wall | ${D_COLD} s | | |"
    echo "| cold build, peak RSS | $(mib "$D_RSS") | | |"
    echo "| cold build, cores busy (CPU time / wall, means) | $(cold_stat dossier cores) | | |"
    echo "| cold build, CPU user / system | $(cold_stat dossier cpu) | | |"
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
echo
if [[ $HUGO -eq 1 ]]; then
    echo "Cold rounds, dossier / hugo within each round: median $ROUND_RATIOS."
fi
echo "Memory as the cold builds began: $MEMORY."
