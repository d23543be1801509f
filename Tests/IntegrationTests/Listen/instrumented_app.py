"""An application as the Milvus tracing tutorial sets one up: pymilvus, OpenTelemetry's gRPC client
instrumentation, spans exported over OTLP/gRPC (sampler: the SDK's default, every trace). It
creates a collection, fills and indexes it, searches it, and prints one JSON line: searches and
errors, and the trace flags this SDK release puts on a sampled request (1, or 3 where it sets the
"random trace id" bit that Milvus rejects).

  python instrumented_app.py --uri http://127.0.0.1:19530 --otlp 127.0.0.1:4317 --searches 200
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from helper_lifetime import exit_with_parent  # noqa: E402  (ends with the test that started it)

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.grpc import GrpcInstrumentorClient
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--uri", required=True)
    parser.add_argument("--otlp", required=True)
    parser.add_argument("--service", default="my-app")
    parser.add_argument("--collection", default="listen_app")
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--dim", type=int, default=16)
    args = parser.parse_args()

    provider = TracerProvider(resource=Resource.create({"service.name": args.service}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=args.otlp, insecure=True)))
    trace.set_tracer_provider(provider)
    GrpcInstrumentorClient().instrument()
    with trace.get_tracer("app").start_as_current_span("flags probe") as probe:
        flags = int(probe.get_span_context().trace_flags)

    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections, utility

    connections.connect(uri=args.uri)
    if utility.has_collection(args.collection):
        utility.drop_collection(args.collection)
    schema = CollectionSchema([
        FieldSchema("id", DataType.INT64, is_primary=True),
        FieldSchema("vector", DataType.FLOAT_VECTOR, dim=args.dim),
    ])
    collection = Collection(args.collection, schema)
    rng = random.Random(1)
    rows = 2000
    collection.insert([list(range(rows)), [[rng.random() for _ in range(args.dim)] for _ in range(rows)]])
    collection.flush()
    collection.create_index("vector", {"index_type": "HNSW", "metric_type": "L2", "params": {"M": 8, "efConstruction": 64}})
    collection.load()

    searches = errors = 0
    param = {"metric_type": "L2", "params": {"ef": 32}}
    for _ in range(args.searches):
        try:
            collection.search([[rng.random() for _ in range(args.dim)]], "vector", param, limit=10)
            searches += 1
        except Exception:
            errors += 1
    provider.shutdown()
    print(json.dumps({"searches": searches, "errors": errors, "flags": flags}), flush=True)


if __name__ == "__main__":
    exit_with_parent()
    main()
