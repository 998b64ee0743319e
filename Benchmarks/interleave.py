#!/usr/bin/env python3
"""Cold builds of several tools, interleaved round by round, for Benchmarks/run.sh.

    interleave.py RUNS OUT.json NAME PREPARE COMMAND [NAME PREPARE COMMAND ...]

Each round runs every tool once: PREPARE (a bash command, not timed: it moves the previous output
aside), then COMMAND (split like a shell would, run without a shell, stdout and stderr discarded),
timed from its start to its exit. Rounds alternate the order of the tools (the first tool first in
even rounds, last in odd ones), so a machine that speeds up or slows down over the minutes of a run
weighs on every tool alike; hyperfine times one command's runs and then the next's. One untimed
round comes first, as hyperfine's warm-up did (the first run reads the corpus and the binary from
disk).

For each timed run it records the wall time (`time.perf_counter`), and the user time, system time
and peak resident set size of that process alone (`os.wait4`'s rusage), and writes them to OUT.json:
{"order": [[names of round 0], ...], "tools": {NAME: {"wall": [...], "user": [...], "sys": [...],
"maxrss_kib": [...]}}}, lists in round order. Exits non-zero when a command fails.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time


def run_once(prepare, argv):
    subprocess.run(["bash", "-c", prepare], check=True)
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=null, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode(errors="replace")
    if process.returncode != 0:
        sys.stderr.write(message)
        raise SystemExit(f"interleave.py: {shlex.join(argv)} exited with {process.returncode}")
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime, "maxrss_kib": usage.ru_maxrss}


def main(args):
    if len(args) < 5 or (len(args) - 2) % 3 != 0 or not args[0].isdigit() or int(args[0]) < 1:
        raise SystemExit(__doc__.split("\n\n")[1])
    runs, out = int(args[0]), args[1]
    tools = [(args[i], args[i + 1], shlex.split(args[i + 2])) for i in range(2, len(args), 3)]
    results = {name: {"wall": [], "user": [], "sys": [], "maxrss_kib": []} for name, _, _ in tools}
    order = []
    for name, prepare, argv in tools:  # the warm-up round
        run_once(prepare, argv)
    for round_number in range(runs):
        this_round = tools if round_number % 2 == 0 else list(reversed(tools))
        order.append([name for name, _, _ in this_round])
        for name, prepare, argv in this_round:
            measured = run_once(prepare, argv)
            for key, value in measured.items():
                results[name][key].append(value)
            sys.stderr.write(f"  round {round_number + 1}/{runs}, {name}: {measured['wall']:.3f} s\n")
    with open(out, "w") as f:
        json.dump({"order": order, "tools": results}, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
