# Client CPU per request of traceload against h2load (nghttp2's C load generator), both sending
# the same gRPC search to one null Milvus (a separate `traceload null-milvus` process that answers
# at once), closed loop, at 16 and 64 requests in flight over 4 connections, in rounds.
#
# usage: python3 bench/client-h2load.py TRACELOAD [ROUNDS] [REQUESTS] [BENCH_PYTHON]
#
# Each side's CPU (user + system, from wait4) per request. traceload's fixed cost (start, report)
# is taken out by also running 10% of the requests and using the difference of the two runs; h2load
# has none worth the name. BENCH_PYTHON (default .venv-bench/bin/python: pymilvus's generated
# messages) encodes the search request h2load sends: what traceload's RequestFactory sends for the
# same scenario (a dim-128 float query, topk 10, the same search params).
import csv, json, os, re, shutil, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
traceload = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
requests = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
python = sys.argv[4] if len(sys.argv) > 4 else os.path.join(root, ".venv-bench/bin/python")
work = tempfile.mkdtemp(prefix="traceload-h2load-")
body = os.path.join(work, "search.bin")

encode = r'''
import json, random, struct, sys
from pymilvus.grpc_gen import common_pb2, milvus_pb2
request = milvus_pb2.SearchRequest(collection_name="c", nq=1, dsl="", dsl_type=common_pb2.BoolExprV1,
                                   use_default_consistency=True)
for key, value in (("anns_field", "vector"), ("topk", "10"), ("metric_type", "L2"), ("round_decimal", "-1"),
                   ("offset", "0"), ("params", json.dumps({"ef": "64"}, separators=(",", ":")))):
    request.search_params.add(key=key, value=value)
group = common_pb2.PlaceholderGroup()
group.placeholders.add(tag="$0", type=common_pb2.FloatVector,
                       values=[struct.pack("<128f", *[random.random() for _ in range(128)])])
request.placeholder_group = group.SerializeToString()
message = request.SerializeToString()
sys.stdout.buffer.write(b"\x00" + struct.pack(">I", len(message)) + message)
'''
with open(body, "wb") as f:
    f.write(subprocess.run([python, "-c", encode], check=True, capture_output=True).stdout)

server, port = None, None


def cpu_of(args):
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        sys.exit(f"{args[0]} failed: {output[-800:]}")
    return usage.ru_utime + usage.ru_stime, output


def h2load(in_flight):
    # "succeeded" counts HTTP 200 answers; the null Milvus answers every search with grpc-status 0.
    seconds, output = cpu_of(["h2load", "-n", str(requests), "-c", "4", "-m", str(in_flight // 4), "-t", "1",
                              "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", body,
                              f"http://127.0.0.1:{port}/milvus.proto.milvus.MilvusService/Search"])
    done = int(re.search(r"(\d+) succeeded", output).group(1))
    if done != requests:
        sys.exit(f"h2load: {done} of {requests} succeeded")
    return seconds / done


def traceload_run(in_flight, count):
    scenario = os.path.join(work, f"s-{in_flight}-{count}.yaml")
    with open(scenario, "w") as f:
        f.write(f"""name: h2load-{in_flight}
milvus: {{ uri: "http://127.0.0.1:{port}", metrics: "http://127.0.0.1:9/metrics" }}
collection: {{ name: c, dim: 128 }}
tracing: {{ enabled: false }}
phases:
  - {{ name: search, requests: {count}, workers: {in_flight}, mix: search, search: {{ topk: 10, params: {{ ef: 64 }} }} }}
""")
    out = tempfile.mkdtemp(dir=work)
    seconds, _ = cpu_of([traceload, "run", scenario, "--out", out])
    row = next(r for r in csv.DictReader(open(os.path.join(out, "latency.csv"))) if r["phase"] == "search")
    if int(row["errors"]) != 0:
        sys.exit(f"traceload: {row['errors']} errors")
    return seconds, int(row["requests"])


def traceload_per_request(in_flight):
    small, n_small = traceload_run(in_flight, requests // 10)
    large, n_large = traceload_run(in_flight, requests)
    return (large - small) / (n_large - n_small)


results = {}
try:
    server = subprocess.Popen([traceload, "null-milvus", "--port", "0"], stdout=subprocess.PIPE, text=True)
    port = json.loads(server.stdout.readline())["port"]
    for r in range(rounds):
        for in_flight in (16, 64):
            h = h2load(in_flight)
            t = traceload_per_request(in_flight)
            results.setdefault(in_flight, []).append((h, t))
            print(f"round {r + 1}, {in_flight} in flight: h2load {h * 1e6:.1f} µs CPU a request, "
                  f"traceload {t * 1e6:.1f} µs ({t / h:.1f}x)", flush=True)
finally:
    if server:
        server.terminate()
        server.wait()
    shutil.rmtree(work, ignore_errors=True)
for in_flight, pairs in results.items():
    ratios = sorted(t / h for h, t in pairs)
    print(f"{in_flight} in flight: traceload costs {ratios[0]:.1f}x to {ratios[-1]:.1f}x h2load's CPU a request "
          f"(h2load {min(h for h, _ in pairs) * 1e6:.1f}-{max(h for h, _ in pairs) * 1e6:.1f} µs, "
          f"traceload {min(t for _, t in pairs) * 1e6:.1f}-{max(t for _, t in pairs) * 1e6:.1f} µs)")
