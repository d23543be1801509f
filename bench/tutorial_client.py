"""The Milvus tracing tutorial's client, as a load generator: pymilvus searches from N threads,
traced by OpenTelemetry's gRPC client instrumentation at a TraceIdRatioBased sampler, spans
exported over OTLP/gRPC. Prints one JSON line: requests, measured seconds and the process's own
CPU seconds over the measured window (after a warm-up), so traceload's figures compare 1:1.

Run by bench/e2e.py; usable alone:
  python tutorial_client.py --uri http://127.0.0.1:19530 --collection C --threads 4 --seconds 20 --ratio 1 --otlp 127.0.0.1:4317
"""
import argparse
import json
import random
import resource
import threading
import time

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import TraceIdRatioBased


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", required=True)
    parser.add_argument("--collection", required=True)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--ratio", type=float, default=1.0)
    parser.add_argument("--otlp", required=True)
    parser.add_argument("--dim", type=int, default=128)
    args = parser.parse_args()

    provider = TracerProvider(resource=Resource.create({"service.name": "milvus-client"}), sampler=TraceIdRatioBased(args.ratio))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=args.otlp, insecure=True)))
    trace.set_tracer_provider(provider)
    GrpcInstrumentorClient().instrument()

    from pymilvus import Collection, connections  # after instrumenting, as the tutorial does

    connections.connect(uri=args.uri)
    collection = Collection(args.collection)
    rng = random.Random(7)
    queries = [[rng.random() for _ in range(args.dim)] for _ in range(256)]
    param = {"metric_type": "L2", "params": {"ef": 64}}

    state = {"measuring": False, "stop": False}
    counts = [0] * args.threads
    errors = [0] * args.threads

    def worker(index):
        i = index
        while not state["stop"]:
            try:
                collection.search(data=[queries[i % len(queries)]], anns_field="vector", param=param, limit=10)
                if state["measuring"]:
                    counts[index] += 1
            except Exception:
                if state["measuring"]:
                    errors[index] += 1
            i += 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.threads)]
    for thread in threads:
        thread.start()
    time.sleep(args.warmup)
    state["measuring"] = True
    cpu_start, wall_start = cpu_seconds(), time.monotonic()
    time.sleep(args.seconds)
    state["measuring"] = False
    cpu_end, wall_end = cpu_seconds(), time.monotonic()
    state["stop"] = True
    for thread in threads:
        thread.join(timeout=10)
    provider.shutdown()
    print(json.dumps({"requests": sum(counts), "errors": sum(errors), "seconds": wall_end - wall_start, "cpu_seconds": cpu_end - cpu_start}))


if __name__ == "__main__":
    main()
