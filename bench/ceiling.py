# Null-Milvus ceiling of two traceload binaries, interleaved in rounds (one machine, one session);
# also the peak address space (VmPeak) of traceload at each worker count.
# usage: python3 bench/ceiling.py OLD_BINARY NEW_BINARY [ROUNDS]
# (build OLD from an earlier commit with `swift build -c release` in a clone of it)
import json, os, subprocess, sys, tempfile, time, csv, threading
old, new = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
work = tempfile.mkdtemp()
def start_null(binary):
    p = subprocess.Popen([binary, "null-milvus", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return p, json.loads(p.stdout.readline())["port"]
def run(binary, port, workers, seconds=8):
    path = f"{work}/s-{workers}.yaml"
    open(path, "w").write(f"""name: c
milvus: {{ uri: "http://127.0.0.1:{port}", metrics: "http://127.0.0.1:9/metrics" }}
collection: {{ name: c, dim: 128 }}
tracing: {{ enabled: false }}
phases:
  - {{ name: warmup, warmup: true, duration: 2s, workers: {workers}, mix: search }}
  - {{ name: search, duration: {seconds}s, workers: {workers}, mix: search }}
""")
    out = tempfile.mkdtemp(dir=work)
    p = subprocess.Popen([binary, "run", path, "--out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        try:
            for line in open(f"/proc/{p.pid}/status"):
                if line.startswith("VmPeak"): peak = max(peak, int(line.split()[1]))
        except OSError: pass
        time.sleep(0.2)
    row = next(r for r in csv.DictReader(open(f"{out}/latency.csv")) if r["phase"] == "search")
    return float(row["throughput_per_s"]), int(row["errors"]), peak / 1048576
results = {}
for r in range(rounds):
    for label, binary in (("old", old), ("new", new)):
        server, port = start_null(binary)   # each binary with its own null server
        for workers in (16, 64, 256):
            tput, errors, gib = run(binary, port, workers)
            results.setdefault((label, workers), []).append((tput, errors, gib))
            print(label, r, workers, f"{tput:.0f} req/s errors {errors} VmPeak {gib:.2f} GiB", flush=True)
        server.terminate(); server.wait()
for workers in (16, 64, 256):
    o = [x[0] for x in results[("old", workers)]]; n = [x[0] for x in results[("new", workers)]]
    print(f"workers {workers}: old median {sorted(o)[len(o)//2]:.0f}, new median {sorted(n)[len(n)//2]:.0f}, new/old {sorted(n)[len(n)//2]/sorted(o)[len(o)//2]:.3f}; VmPeak old {max(x[2] for x in results[('old', workers)]):.2f} GiB new {max(x[2] for x in results[('new', workers)]):.2f} GiB; errors new {sum(x[1] for x in results[('new', workers)])}")
