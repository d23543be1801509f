# Analysis of a large trace file by two traceload builds, one after the other in rounds (one
# machine, one session): `traceload analyze --traces FILE` end to end (wall and CPU time, peak
# memory per span) and whether both wrote the same report.
#
# usage: python3 bench/analysis-ab.py BASE_BINARY NEW_BINARY [ROUNDS] [COPIES]
#
# FILE is made here: the recorded search phase of a real Milvus 2.3.5 (Tests/Fixtures/milvus-2.3.5/
# search-under-load/spans.jsonl, 1,330 traces, 11,266 spans) written COPIES times (default 76:
# about 100,000 traces and 856,000 spans), each copy under fresh trace ids, as OTLP JSON lines.
import filecmp, os, re, shutil, subprocess, sys, tempfile, time

base, new = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
copies = int(sys.argv[4]) if len(sys.argv) > 4 else 76
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
source = os.path.join(root, "Tests/Fixtures/milvus-2.3.5/search-under-load/spans.jsonl")
work = tempfile.mkdtemp(prefix="traceload-analysis-ab-")
traces = os.path.join(work, "traces.jsonl")

lines = [line.rstrip("\n") for line in open(source) if line.strip()]
trace_id = re.compile(r'"traceId":"([0-9a-f]{32})"')
ids, spans = set(), 0
with open(traces, "w") as out:
    for copy in range(copies):
        prefix = "%08x" % copy
        for line in lines:
            out.write(trace_id.sub(lambda m: '"traceId":"%s%s"' % (prefix, m.group(1)[8:]), line) + "\n")
for line in lines:
    found = trace_id.findall(line)
    spans += len(found)
    ids.update(found)
spans *= copies
print(f"{copies} copies of {os.path.relpath(source, root)}: {len(ids) * copies:,} traces, {spans:,} spans, "
      f"{os.path.getsize(traces) / 1e6:.0f} MB", flush=True)


def analyse(binary, out):
    """Wall seconds, CPU seconds (user + system) and peak RSS (bytes) of one analysis."""
    start = time.monotonic()
    process = subprocess.Popen([binary, "analyze", "--traces", traces, "--out", out],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if status != 0:
        sys.exit(f"{binary} failed: {process.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


results = {"base": [], "new": []}
for r in range(rounds):
    for label, binary in (("base", base), ("new", new)):
        out = os.path.join(work, f"{label}-{r}")
        wall, cpu, rss = analyse(binary, out)
        results[label].append((wall, cpu, rss))
        print(f"round {r + 1} {label}: {wall:.2f} s wall, {cpu:.2f} s CPU, peak {rss / 1e6:.0f} MB "
              f"({rss / spans:.0f} bytes a span)", flush=True)

same = all(filecmp.cmp(os.path.join(work, f"base-{r}", f), os.path.join(work, f"new-{r}", f), shallow=False)
           for r in range(rounds)
           for f in ("analysis.json", "components.csv", "coverage.csv", "findings.csv", "summary.md"))


def mean(values):
    return sum(values) / len(values)


b = [mean([x[i] for x in results["base"]]) for i in range(3)]
n = [mean([x[i] for x in results["new"]]) for i in range(3)]
print(f"analyze --traces, means of {rounds}: base {b[0]:.2f} s wall / {b[1]:.2f} s CPU / {b[2] / spans:.0f} B a span; "
      f"new {n[0]:.2f} s / {n[1]:.2f} s / {n[2] / spans:.0f} B a span; "
      f"new is {b[0] / n[0]:.1f}x faster (wall), {b[1] / n[1]:.1f}x (CPU), {b[2] / n[2]:.1f}x less memory; "
      f"reports {'identical' if same else 'DIFFER'}")
if not same:
    sys.exit(f"the reports differ: see {work}")
shutil.rmtree(work)
