"""Exports client spans of Milvus calls with the OpenTelemetry Python SDK's OTLP exporters,
gzip-compressed, as the OpenTelemetry Collector's exporters send by default: over gRPC
(grpcio with compression=Gzip) and over HTTP (Content-Encoding: gzip).

Usage: gzip_exports.py --grpc HOST:PORT --http http://HOST:PORT --spans N
Prints one JSON line: {"grpc": N, "http": N} (spans handed to each exporter)."""
import argparse, json, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from helper_lifetime import exit_with_parent  # noqa: E402  (ends with the test that started it)

exit_with_parent()

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GRPCExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as HTTPExporter
from opentelemetry.exporter.otlp.proto.grpc.exporter import Compression as GRPCCompression
from opentelemetry.exporter.otlp.proto.http import Compression as HTTPCompression

parser = argparse.ArgumentParser()
parser.add_argument("--grpc", required=True)
parser.add_argument("--http", required=True)
parser.add_argument("--spans", type=int, default=20)
args = parser.parse_args()

counts = {}
for name, exporter in [
    ("grpc", GRPCExporter(endpoint=args.grpc, insecure=True, compression=GRPCCompression.Gzip)),
    ("http", HTTPExporter(endpoint=args.http + "/v1/traces", compression=HTTPCompression.Gzip)),
]:
    provider = TracerProvider(resource=Resource.create({"service.name": "gzip-" + name}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("gzip-test")
    for _ in range(args.spans):
        with tracer.start_as_current_span("/milvus.proto.milvus.MilvusService/Search", kind=trace.SpanKind.CLIENT):
            pass
    provider.shutdown()
    counts[name] = args.spans
print(json.dumps(counts), flush=True)
