"""An OTLP/HTTP metrics receiver for traceload's tests: decodes each export with OpenTelemetry's
own protobuf classes (opentelemetry-proto), refusing what does not decode as a Collector would
(HTTP 400), and appends it as OTLP JSON (one export per line) to the file given.

Usage: otlp_metrics_receiver.py OUT.jsonl   (prints {"port": N} once listening)
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
    ExportMetricsServiceResponse,
)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from helper_lifetime import exit_with_parent  # noqa: E402  (ends with the test that started it)

exit_with_parent()

OUT = sys.argv[1]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path != "/v1/metrics" or self.headers.get("Content-Type") != "application/x-protobuf":
            self.send_response(404 if self.path != "/v1/metrics" else 415)
            self.end_headers()
            return
        request = ExportMetricsServiceRequest()
        try:
            request.ParseFromString(body)
        except Exception as error:  # what a Collector answers to a body it cannot decode
            self.send_response(400)
            self.end_headers()
            self.wfile.write(str(error).encode())
            return
        with open(OUT, "a") as out:
            out.write(json.dumps(MessageToDict(request)) + "\n")
        answer = ExportMetricsServiceResponse().SerializeToString()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
