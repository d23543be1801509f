#!/usr/bin/env python3
"""make bench-e2e: traceload against the Milvus tracing tutorial's client (pymilvus +
OpenTelemetry gRPC instrumentation), on the same embedded Milvus, with the same search workload;
then traceload against a null Milvus for its ceiling. Prints a Markdown report and writes it to
bench/results/e2e-<UTC time>.md. Figures are ratios measured in this one run.

Every measurement is a separate process measuring its own CPU over its measured window:
traceload through `traceload compare --client-only` (client CPU from getrusage, spans received by
a separate `traceload receive`), the tutorial client through bench/tutorial_client.py.
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_json_process(args):
    """Starts a long-running traceload command and returns it with its first JSON line."""
    process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line:
        raise SystemExit(f"{' '.join(args)} did not start")
    return process, json.loads(line)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def write_scenario(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def traceload_sweep(traceload, uri, concurrency, seconds, work):
    """traceload at fractions off/0/1 against the running Milvus; rows of its overhead.csv."""
    receiver_port = free_port()
    scenario = write_scenario(f"{work}/traceload-c{concurrency}.yaml", f"""
name: e2e-c{concurrency}
milvus: {{ uri: {uri} }}
collection: {{ name: bench_e2e, dim: 128, dropExisting: false, index: {{ type: HNSW, params: {{ M: 16, efConstruction: 200 }} }} }}
tracing: {{ receiver: {{ host: 127.0.0.1, port: {receiver_port} }} }}
phases:
  - {{ name: warmup, warmup: true, duration: 3s, workers: {concurrency}, mix: search, search: {{ topk: 10, params: {{ ef: 64 }} }} }}
  - {{ name: search, duration: {seconds}s, workers: {concurrency}, mix: search, search: {{ topk: 10, params: {{ ef: 64 }} }} }}
""")
    out = tempfile.mkdtemp(dir=work)
    subprocess.run([traceload, "compare", scenario, "--client-only", "--fractions", "0,1", "--repeat", "1", "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    with open(f"{out}/overhead.csv") as f:
        rows = {row["setting"]: row for row in csv.DictReader(f)}
    return {name: {"requests": float(row["throughput_per_s"]) * seconds, "cpu_ms_per_req": float(row["client_cpu_ms_per_req"]),
                   "throughput": float(row["throughput_per_s"])} for name, row in rows.items()}


def tutorial_client(python, uri, concurrency, seconds, ratio, otlp):
    result = subprocess.run([python, f"{ROOT}/bench/tutorial_client.py", "--uri", uri, "--collection", "bench_e2e",
                             "--threads", str(concurrency), "--seconds", str(seconds), "--ratio", str(ratio), "--otlp", otlp],
                            check=True, capture_output=True, text=True)
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    requests = max(measured["requests"], 1)
    return {"requests": requests, "cpu_ms_per_req": 1000 * measured["cpu_seconds"] / requests,
            "throughput": requests / measured["seconds"], "errors": measured["errors"]}


def null_ceiling(traceload, work, workers_list, seconds):
    server, info = start_json_process([traceload, "null-milvus", "--port", "0"])
    best = []
    try:
        for workers in workers_list:
            scenario = write_scenario(f"{work}/null-{workers}.yaml", f"""
name: null-{workers}
milvus: {{ uri: http://127.0.0.1:{info['port']} }}
collection: {{ name: null_bench, dim: 128 }}
tracing: {{ enabled: false }}
phases:
  - {{ name: warmup, warmup: true, duration: 2s, workers: {workers}, mix: search }}
  - {{ name: search, duration: {seconds}s, workers: {workers}, mix: search }}
""")
            out = tempfile.mkdtemp(dir=work)
            subprocess.run([traceload, "run", scenario, "--out", out], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(f"{out}/latency.csv") as f:
                row = next(r for r in csv.DictReader(f) if r["phase"] == "search")
            best.append((workers, float(row["throughput_per_s"]), float(row["p50_ms"]), float(row["p99_ms"])))
    finally:
        stop(server)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--traceload", default=f"{ROOT}/.build/release/traceload")
    parser.add_argument("--bench-python", default=f"{ROOT}/.venv-bench/bin/python")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--concurrency", default="1,4,16")
    args = parser.parse_args()
    levels = [int(c) for c in args.concurrency.split(",")]
    work = tempfile.mkdtemp(prefix="traceload-e2e-")
    log = lambda message: print(f"bench-e2e: {message}", file=sys.stderr, flush=True)

    receiver, ports = start_json_process([args.traceload, "receive", "--port", "0", "--http-port", "0", "--every", "60"])
    otlp = f"127.0.0.1:{ports['grpcPort']}"
    milvus, info = start_json_process([args.traceload, "milvus", "--venv", f"{ROOT}/.venv", "--dir", f"{work}/milvus",
                                       "--trace-endpoint", otlp, "--trace-fraction", "0"])
    uri = info["uri"]
    log(f"Milvus at {uri}, spans to {otlp}")
    results = {}  # (client, setting, concurrency) -> list of measurements
    try:
        setup = write_scenario(f"{work}/setup.yaml", f"""
name: e2e-setup
milvus: {{ uri: {uri} }}
collection: {{ name: bench_e2e, dim: 128, index: {{ type: HNSW, params: {{ M: 16, efConstruction: 200 }} }} }}
dataset: {{ seed: 42, preload: 20000 }}
tracing: {{ enabled: false }}
phases: [{{ name: check, requests: 10, workers: 1, mix: search }}]
""")
        subprocess.run([args.traceload, "run", setup, "--out", f"{work}/setup"], check=True, stdout=subprocess.DEVNULL)
        for round_index in range(args.rounds):
            for concurrency in levels:
                log(f"round {round_index + 1}/{args.rounds}, concurrency {concurrency}: traceload off/0/1")
                for name, measured in traceload_sweep(args.traceload, uri, concurrency, args.seconds, work).items():
                    results.setdefault(("traceload", name, concurrency), []).append(measured)
                for ratio in (0, 1):
                    log(f"round {round_index + 1}/{args.rounds}, concurrency {concurrency}: tutorial client ratio {ratio}")
                    measured = tutorial_client(args.bench_python, uri, concurrency, args.seconds, ratio, otlp)
                    results.setdefault(("tutorial", f"ratio-{ratio}", concurrency), []).append(measured)
    finally:
        stop(milvus)
        stop(receiver)
    log("null Milvus ceiling")
    ceiling = null_ceiling(args.traceload, work, [16, 64, 256], 10)

    def pooled(key):
        runs = results.get(key, [])
        requests = sum(r["requests"] for r in runs)
        cpu = sum(r["cpu_ms_per_req"] * r["requests"] for r in runs)
        return cpu / requests if requests else float("nan"), sum(r["throughput"] for r in runs) / max(len(runs), 1)

    lines = [f"# bench-e2e, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", "",
             f"{os.cpu_count()} cores; {args.rounds} rounds × {args.seconds} s per measurement, interleaved; Milvus 2.3.5 embedded, "
             "20,000 rows, dim 128, HNSW, topk 10, ef 64. CPU ms per request = CPU seconds per 1,000 requests.", "",
             "| concurrency | sampling | tutorial CPU ms/req | traceload CPU ms/req | tutorial ÷ traceload | tutorial req/s | traceload req/s |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for concurrency in levels:
        for ratio, setting in ((0, "client-0"), (1, "client-1")):
            t_cpu, t_rps = pooled(("tutorial", f"ratio-{ratio}", concurrency))
            s_cpu, s_rps = pooled(("traceload", setting, concurrency))
            lines.append(f"| {concurrency} | {ratio} | {t_cpu:.3f} | {s_cpu:.4f} | {t_cpu / s_cpu:.1f}× | {t_rps:.0f} | {s_rps:.0f} |")
    lines += ["", "Tracing cost inside traceload (client CPU per request, fraction 1 against no trace context at all, and against fraction 0):", "",
              "| concurrency | off ms/req | fraction 0 ms/req | fraction 1 ms/req | 1 vs off | 1 vs 0 |", "|---:|---:|---:|---:|---:|---:|"]
    for concurrency in levels:
        off, zero, one = (pooled(("traceload", s, concurrency))[0] for s in ("off", "client-0", "client-1"))
        lines.append(f"| {concurrency} | {off:.4f} | {zero:.4f} | {one:.4f} | {100 * (one / off - 1):+.1f}% | {100 * (one / zero - 1):+.1f}% |")
    lines += ["", "traceload against a null Milvus (answers at once, separate process, same machine), closed loop, no tracing:", "",
              "| workers | req/s | p50 ms | p99 ms |", "|---:|---:|---:|---:|"]
    lines += [f"| {w} | {rps:.0f} | {p50:.3f} | {p99:.3f} |" for w, rps, p50, p99 in ceiling]
    report = "\n".join(lines) + "\n"
    os.makedirs(f"{ROOT}/bench/results", exist_ok=True)
    path = f"{ROOT}/bench/results/e2e-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.md"
    with open(path, "w") as f:
        f.write(report)
    print(report)
    log(f"written to {path}")


if __name__ == "__main__":
    main()
