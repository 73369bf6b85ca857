#!/usr/bin/python3
"""Tables of the migration-freeze benchmark (BENCH mig/lazy lines of bench/mig.sh).
Usage: bench/migreport.py LOG [MORE_LOG...]  writes bench/RESULTS-migfreeze.md from LOG (further
logs, other boots, each in a section of its own) (with bench/migfreeze-analysis.md
appended); bench/report imports mig_section() for the mig case of make bench."""
import os
import re
import shlex
import statistics
import sys

TOOLS = [("ours", "plain"), ("ours", "precopy"), ("criu", "plain"), ("criu", "precopy")]
MiB = 2 ** 20


def parse(paths):
    recs, host = [], {}
    for path in paths:
        for line in open(path, errors="replace"):
            for tag in ("BENCH ", "HOST "):
                i = line.find(tag)
                if i < 0:
                    continue
                try:
                    words = shlex.split(line[i + len(tag):])
                except ValueError:  # a line cut short
                    continue
                if not words:
                    continue
                if tag == "HOST ":
                    host.update(kv.split("=", 1) for kv in words if "=" in kv)
                    continue
                d = dict(kv.split("=", 1) for kv in words[1:] if "=" in kv)
                d["kind"] = words[0]
                recs.append(d)
    return recs, host


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def nums(v):
    return [float(x) for x in (v or "").split(",") if re.fullmatch(r"[0-9.]+", x)]


def wsname(mib, ws):
    return f"{ws} ({100 * float(ws) / float(mib):.0f} %)"


def runs_all(rs):
    return [r for r in rs if r["tool"] == "ours" and r["way"] == "precopy"]


def mig_section(recs, head="##"):
    """The tables (markdown lines) of the BENCH mig lines in recs; [] if there are none."""
    mig = [r for r in recs if r["kind"] == "mig"]
    if not mig:
        return []
    good = [r for r in mig if r.get("ok", "1") == "1" and num(r.get("frozen_s")) is not None]
    cases = []
    for r in mig:
        k = (r["mib"], r["ws"])
        if k not in cases:
            cases.append(k)
    cases.sort(key=lambda k: (float(k[0]), float(k[1])))

    def runs(k, tool, way):
        return [r for r in good if (r["mib"], r["ws"]) == k and r["tool"] == tool and r["way"] == way]

    def med(k, tool, way, key):
        v = [num(r.get(key)) for r in runs(k, tool, way)]
        v = [x for x in v if x is not None]
        return statistics.median(v) if v else None

    def cell(k, tool, way, key="frozen_s", prec=3):
        v = [num(r.get(key)) for r in runs(k, tool, way)]
        v = [x for x in v if x is not None]
        if not v:
            failed = [r for r in mig if (r["mib"], r["ws"]) == k and r["tool"] == tool and r["way"] == way]
            return "failed" if failed else "n/a"
        m = statistics.median(v)
        return f"{m:.{prec}f}" if len(v) == 1 else f"{m:.{prec}f} ({min(v):.{prec}f}–{max(v):.{prec}f})"

    def ratio(a, b):
        return f"{a / b:.3f}" if a is not None and b else "n/a"

    out = []
    w = out.append
    w(f"{head} Frozen time, seconds: median (min–max) over the repetitions\n")
    w("| CT MiB | working set MiB (of memory) | ours plain | ours pre-copy | CRIU dump | CRIU pre-dump + dump "
      "| ours/CRIU pre-copy | ours/CRIU plain | ours snapshot (one vzctl) | its ratio to CRIU pre-copy |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for k in cases:
        w(f"| {k[0]} | {wsname(*k)} | " + " | ".join(cell(k, t, wy) for t, wy in TOOLS) + " | "
          f"{ratio(med(k, 'ours', 'precopy', 'frozen_s'), med(k, 'criu', 'precopy', 'frozen_s'))} | "
          f"{ratio(med(k, 'ours', 'plain', 'frozen_s'), med(k, 'criu', 'plain', 'frozen_s'))} | "
          f"{cell(k, 'ours', 'snapshot')} | "
          f"{ratio(med(k, 'ours', 'snapshot', 'frozen_s'), med(k, 'criu', 'precopy', 'frozen_s'))} |")
    w("")
    w(f"{head} Total time and bytes per pass (pre-copy ways; last repetition)\n")
    w("Passes: what each pre-copy pass wrote while the CT ran (pages; MiB of its output: ours the "
      "pages, CRIU its pre-dump directory) and how long it froze the CT (ms); final: the pages the "
      "frozen dump wrote itself; all: every byte written (our image file, CRIU's directories); "
      "total: from the first pass's start to the CT running again (seconds, median).\n")
    w("| CT MiB | working set MiB | tool | passes | pages per pass | MiB per pass | pass frozen ms "
      "| final MiB | all MiB | total s | plain total s |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for k in cases:
        for tool in ("ours", "criu"):
            rs = runs(k, tool, "precopy")
            if not rs:
                continue
            r = rs[-1]
            pb = ", ".join(f"{x / MiB:.1f}" for x in nums(r.get("pass_bytes")))
            pf = ", ".join(f"{x:.0f}" for x in nums(r.get("pass_frozen_ms")))
            fb, ab = num(r.get("final_bytes")), num(r.get("bytes"))
            w(f"| {k[0]} | {k[1]} | {tool} | {r.get('passes')} | {r.get('pass_pages', '').replace(',', ', ')} | {pb} | {pf} | "
              f"{'n/a' if fb is None else f'{fb / MiB:.1f}'} | {'n/a' if ab is None else f'{ab / MiB:.1f}'} | "
              f"{cell(k, tool, 'precopy', 'total_s', 2)} | {cell(k, tool, 'plain', 'total_s', 2)} |")
    w("")
    crit = [r for r in good if r["tool"] == "criu" and r["way"] == "precopy"]
    if crit:
        w(f"{head} Where CRIU's final dump spends its freeze (pre-copy way, medians, ms)\n")
        w("From its stats-dump: freezing (seizing the tasks), memdump (the dirty pages into pipes, "
          "frozen), memwrite (the pipes into the image), the rest of frozen_time (everything else: "
          "parasite, files, namespaces, network lock, thaw); dump wall: the whole `criu dump` command.\n")
        w("| CT MiB | working set MiB | frozen | freezing | memdump | memwrite | rest | final pages | dump wall |")
        w("|---|---|---|---|---|---|---|---|---|")
        for k in cases:
            f = med(k, "criu", "precopy", "frozen_s")
            if f is None:
                continue
            fz, md, mw = (med(k, "criu", "precopy", x) or 0 for x in ("freezing_ms", "memdump_ms", "memwrite_ms"))
            wall = med(k, "criu", "precopy", "dump_wall_s")
            w(f"| {k[0]} | {k[1]} | {f * 1000:.0f} | {fz:.0f} | {md:.0f} | {mw:.0f} | {f * 1000 - md - mw:.0f} | "
              f"{med(k, 'criu', 'precopy', 'final_pages'):.0f} | {wall * 1000:.0f} |")
        w("")
    if any(num(r.get("dump_s")) is not None for r in runs_all(good)):
        w(f"{head} Where our freeze goes (pre-copy way, medians, ms)\n")
        w("suspend: vzctl's `suspended in` (freezing the cgroup, the last pass's bookkeeping); dump: the "
          "wall time of `vzctl chkpnt --dump` (a vzctl start, the final delta and all the other state, "
          "the image synced and renamed); resume: of `vzctl chkpnt --resume`; a vzctl start: the wall "
          "time of `vzctl status` on this guest, for scale.\n")
        w("| CT MiB | working set MiB | frozen | suspend | dump | resume | a vzctl start | final pages |")
        w("|---|---|---|---|---|---|---|---|")
        for k in cases:
            vals = [med(k, "ours", "precopy", x) for x in ("frozen_s", "suspend_ms", "dump_s", "resume_s", "vzctl_status_s")]
            if vals[2] is None:
                continue
            w(f"| {k[0]} | {k[1]} | {vals[0] * 1000:.0f} | {vals[1]:.0f} | {vals[2] * 1000:.0f} | {vals[3] * 1000:.0f} | "
              f"{vals[4] * 1000:.0f} | {med(k, 'ours', 'precopy', 'final_pages'):.0f} |")
        w("")
    # The targets, where their cases were measured.
    t256 = next((k for k in cases if k[0] == "256" and abs(float(k[1]) - 2.56) < 0.01), None)
    t16 = next((k for k in cases if k[0] == "16"), None)
    if t256:
        w(f"{head} Targets (issue 15)\n")
        w("| target | measured | verdict |")
        w("|---|---|---|")
        a, b = med(t256, "ours", "precopy", "frozen_s"), med(t256, "criu", "precopy", "frozen_s")
        if a is not None and b:
            w(f"| 256 MiB CT writing 1 %: frozen ≤ 0.1 × CRIU pre-dump + dump | {a:.3f} s / {b:.3f} s = {a / b:.3f} | "
              f"{'met' if a / b <= 0.1 else 'missed'} |")
        else:
            w("| 256 MiB CT writing 1 %: frozen ≤ 0.1 × CRIU pre-dump + dump | n/a | not measured |")
        c = med(t16, "ours", "precopy", "frozen_s") if t16 else None
        if a is not None and c:
            w(f"| 256 MiB CT writing 1 %: frozen ≤ 1.5 × a 16 MiB CT's ({t16[1]} MiB working set) | "
              f"{a:.3f} s / {c:.3f} s = {a / c:.2f} | {'met' if a / c <= 1.5 else 'missed'} |")
        w("")
    verify = [r for r in recs if r["kind"] == "mig-verify"]
    if verify:
        w("Workload verification after all its freezes: " + "; ".join(
            f"{r['mib']}:{r['ws']} {r['result']}" for r in verify) + "\n")
    bad = [r for r in mig if r.get("ok", "1") != "1"]
    if bad:
        w("Runs that failed: " + "; ".join(
            f"{r['tool']} {r['way']} {r['mib']}:{r['ws']} rep {r['rep']}: {r.get('why', '')}" for r in bad) + "\n")
    return out


def lazy_section(recs, head="##"):
    lz = [r for r in recs if r["kind"] == "lazy"]
    if not lz:
        return []
    out = [f"{head} CRIU lazy migration (`--lazy-pages`)\n",
           "`criu dump --lazy-pages --address 127.0.0.1 --port P`, `criu lazy-pages --page-server`, "
           "`criu restore --lazy-pages -d`, of a dirtier in a pid namespace of its own outside any CT "
           "(CRIU cannot restore our CT beside its frozen self in one guest); downtime: from the start "
           "of `criu dump` to the return of `criu restore` (the restored task running, its pages still "
           "coming), an upper bound; all pages: from the dump's start until the source's dump ended, "
           "every page served (the source stays frozen that long, then dies). The lazy dump's own "
           "frozen_time (the BENCH line's source_frozen_s) is not a duration in CRIU 3.17 and is left "
           "out; verify: the restored task's check of all its memory.\n",
           "| CT MiB | working set MiB | works | downtime s | all pages s | verify | why |",
           "|---|---|---|---|---|---|---|"]
    for r in lz:
        out.append(f"| {r['mib']} | {r['ws']} | {'yes' if r.get('ok') == '1' else 'no'} | {r.get('downtime_s')} | "
                   f"{r.get('until_all_pages_s')} | {r.get('verify', '')} | {r.get('why', '')} |")
    out.append("")
    return out


def main():
    logs = sys.argv[1:]
    if not logs:
        sys.exit("usage: bench/migreport.py LOG...")
    outdir = os.path.dirname(os.path.abspath(__file__))
    recs, host = parse(logs)
    vm = next((r for r in recs if r["kind"] == "vm"), {})
    out = ["# Benchmark: the freeze of a live migration, vzctl against CRIU\n",
           "Generated by `make bench-migfreeze` (bench/migfreeze → bench/migfreeze-guest.sh and "
           "bench/mig.sh in the test VM → bench/migreport.py) from "
           + ", ".join(f"`bench/{os.path.basename(x)}`" for x in logs) + "; do not edit by hand.\n",
           "## Setup\n",
           f"- {host.get('note', '')}",
           f"- VM: {vm.get('cpus', '?')} vCPUs, {int(vm.get('memtotal_kib', 0)) // 1024} MiB, guest kernel "
           f"{vm.get('kernel', '?')}, CRIU {vm.get('criu', '?')} (Debian); images into a tmpfs in the guest",
           "- one busybox CT (own pid, mount, UTS, IPC, net namespaces; cgroup v2 `vz/101`) runs "
           "`bench/dirtier MIB WS`: MIB MiB of anonymous memory, of which the first WS MiB are rewritten "
           "every 10 ms (1 % and 10 % of the memory below), the rest written once; it checks every word "
           "of its memory at the end",
           "- each repetition checkpoints it four ways, the CT running on after each: `vzctl chkpnt "
           "--suspend; --dump; --resume` (ours plain, vzmigrate --online --noiter); `vzctl chkpnt "
           "--iterative --suspend; --dump; --resume` (ours pre-copy, vzmigrate --online); `criu dump "
           "--leave-running` (CRIU plain); `criu pre-dump --track-mem` passes (with vzctl's stop rule: up "
           "to 8, until a pass writes < 1000 pages, < 1/16 of the first or no fewer than the one before) "
           "then `criu dump --track-mem --prev-images-dir ../N --leave-running` (CRIU pre-copy); CRIU with "
           "`--freeze-cgroup /sys/fs/cgroup/vz/101 --manage-cgroups=soft --ext-mount-map "
           "/dev/console:console` on the CT's init, as in `make bench`",
           "- **frozen**, ours: from the start of the suspend to the end of the resume, seen from outside "
           "(for pre-copy: vzctl's `suspended in` figure plus the wall time of `--dump` and `--resume`), "
           "the start of each vzctl process inside it (plain: three, pre-copy: two); CRIU: `frozen_time` of the final dump's stats-dump, "
           "CRIU's own clock from the freeze to the tasks running again (network unlocked, "
           "`--leave-running`), its start and its walk of the process tree before the freeze excluded. "
           "The passes' own short freezes (ours: finding and marking the pages; CRIU: draining them "
           "into pipes) are not in it and are listed per pass below",
           "- no network in between (one guest): a migration adds the transfer of the final dump "
           "(ours: `final` below; CRIU: its final directory) to both",
           ""]
    main_recs, _ = parse(logs[:1])
    out += mig_section(main_recs)
    out += lazy_section(main_recs)
    # Further logs: other boots, each shown on its own (their conditions differ).
    for extra_log in logs[1:]:
        first = open(extra_log, errors="replace").readline().strip().lstrip("# ")
        r, _ = parse([extra_log])
        out.append(f"## Another boot: `bench/{os.path.basename(extra_log)}`\n")
        out.append(first + "\n")
        out += mig_section(r, head="###")
        out += lazy_section(r, head="###")
    fatal = [r for r in recs if r["kind"] == "fatal"]
    if fatal:
        out.append("Fatal: " + "; ".join(r.get("msg", "") for r in fatal) + "\n")
    extra = os.path.join(outdir, "migfreeze-analysis.md")
    if os.path.exists(extra):
        out.append(open(extra).read())
    with open(os.path.join(outdir, "RESULTS-migfreeze.md"), "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
