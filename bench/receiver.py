#!/usr/bin/env python3
"""make bench-receiver: what traceload's OTLP receiver sustains, in spans per second per core of
its own CPU time, under a load of real exporters' batches.

The load is the export requests a real Milvus 2.3.5 sent (Tests/Fixtures/milvus-2.3.5/*.jsonl and
search-under-load/spans.jsonl: one OTLP JSON request a line, with attributes and events as sent),
serialised to protobuf once; each copy of the set gets its trace ids changed (their first four
bytes replaced by the copy's number) so that every copy is a set of traces of its own. The
requests are sent as fast as the receiver takes them: over several gRPC channels with several
calls in flight, or over OTLP/HTTP protobuf on keep-alive connections, until --spans spans are
acknowledged. The receiver is `traceload analyze --listen 0 --http-port 0` (127.0.0.1) with
--max-spans as large as the load (so that every span is kept) and its live line every --every
seconds (5, the command's default).

Measured over the sending window (first request sent to last answer): the receiver's own CPU
time (utime + stime of /proc/PID/stat), its spans counted (its live line), the generator's own
CPU (getrusage of this process: the 2 cores are shared), and the receiver's peak RSS (VmHWM)
against the spans it kept. Each binary runs in each mode once per round, alternating.

usage: .venv-bench/bin/python bench/receiver.py [--binary PATH ...] [--mode grpc|http|both]
       [--spans N] [--rounds R] [--every S] [--perf DIR] [--json FILE]
"""
import argparse
import base64
import glob
import http.client
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import grpc
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = sorted(glob.glob(os.path.join(ROOT, "Tests/Fixtures/milvus-2.3.5/*.jsonl"))) + [
    os.path.join(ROOT, "Tests/Fixtures/milvus-2.3.5/search-under-load/spans.jsonl")
]
EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
TICKS = os.sysconf("SC_CLK_TCK")
LIVE = re.compile(r"\[(\d+) s\] (\d+) spans(?: \((\d+) dropped)?(?:.*?(\d+) malformed)?")


def to_base64_ids(document):
    """OTLP JSON writes ids in hex; protobuf's JSON mapping wants base64 for bytes fields."""
    def convert(holder, keys):
        for key in keys:
            if holder.get(key):
                holder[key] = base64.b64encode(bytes.fromhex(holder[key])).decode()
    for resource_spans in document.get("resourceSpans", []):
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                convert(span, ("traceId", "spanId", "parentSpanId"))
                for link in span.get("links", []):
                    convert(link, ("traceId", "spanId"))
    return document


def recorded_requests():
    """(protobuf bytes, spans, offsets of every trace id in the bytes) per recorded request."""
    out = []
    for path in FIXTURES:
        for line in open(path):
            if not line.strip():
                continue
            request = json_format.Parse(json.dumps(to_base64_ids(json.loads(line))), ExportTraceServiceRequest())
            payload = request.SerializeToString()
            ids = {span.trace_id for rs in request.resource_spans for ss in rs.scope_spans for span in ss.spans}
            offsets = []
            for trace_id in ids:
                # A trace id is field 1 of a Span (and of a Link), 16 bytes: tag 0x0a, length 0x10.
                needle = b"\x0a\x10" + trace_id
                at = payload.find(needle)
                while at >= 0:
                    offsets.append(at + 2)
                    at = payload.find(needle, at + 1)
            spans = sum(len(ss.spans) for rs in request.resource_spans for ss in rs.scope_spans)
            out.append((payload, spans, offsets))
    return out


def load(total_spans):
    """Copies of the recorded requests, each copy with trace ids of its own, until total_spans.

    A copy's trace ids start with the copy's number (4 bytes, big-endian) instead of their own
    first 4 bytes; the other 12 random bytes keep a copy's traces apart."""
    pieces = []
    for payload, count, offsets in recorded_requests():
        cuts = sorted(offsets)
        # The bytes between the ids' first 4 bytes, joined around each copy's key.
        between = [payload[a:b] for a, b in zip([0] + [at + 4 for at in cuts], cuts + [len(payload)])]
        pieces.append((between, count))
    payloads, spans, copy = [], 0, 0
    while spans < total_spans:
        key = copy.to_bytes(4, "big")
        for between, count in pieces:
            payloads.append((key.join(between), count))
            spans += count
            if spans >= total_spans:
                break
        copy += 1
    return payloads, spans, copy


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def status_kib(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def own_cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Receiver:
    """`traceload analyze --listen` as a child process; its live lines read from standard error."""

    def __init__(self, binary, max_spans, every):
        # Killed once the window is measured: the report it would write at the end is not measured.
        self.out = tempfile.mkdtemp(prefix="bench-receiver-")
        self.process = subprocess.Popen(
            [binary, "analyze", "--listen", "0", "--http-port", "0", "--max-spans", str(max_spans),
             "--every", str(every), "--out", self.out],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ports = json.loads(self.process.stdout.readline())
        except ValueError:
            self.kill()
            raise RuntimeError(f"{binary} did not say where it listens: {self.process.stderr.read()[:500]}")
        self.grpc_port, self.http_port = ports["grpcPort"], ports["httpPort"]
        self.lines = []
        threading.Thread(target=self.read_errors, daemon=True).start()

    def read_errors(self):
        for line in self.process.stderr:
            self.lines.append(line.rstrip())

    def counts_after(self, sent, timeout=300):
        """(received, dropped, malformed) from the first live line that counts every sent span."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for line in reversed(self.lines):
                match = LIVE.search(line)
                if match and int(match.group(2)) >= sent:
                    return int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0)
            time.sleep(0.2)
        raise RuntimeError(f"no live line counted {sent} spans; last lines: {self.lines[-3:]}")

    def kill(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.out, ignore_errors=True)


def send_grpc(port, payloads, channels, per_channel):
    pool = [grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 << 20)])
            for _ in range(channels)]
    for channel in pool:
        grpc.channel_ready_future(channel).result(timeout=10)
    calls = [channel.unary_unary(EXPORT, request_serializer=None, response_deserializer=None) for channel in pool]
    return run_senders(channels * per_channel, payloads, lambda index: (lambda data: calls[index % channels](data)),
                       close=lambda: [channel.close() for channel in pool])


def send_http(port, payloads, connections):
    def sender(index):
        connection = http.client.HTTPConnection("127.0.0.1", port)

        def post(data):
            connection.request("POST", "/v1/traces", body=data,
                               headers={"Content-Type": "application/x-protobuf", "Connection": "keep-alive"})
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                raise RuntimeError(f"HTTP {answer.status}")
        return post
    return run_senders(connections, payloads, sender)


def run_senders(count, payloads, make_sender, close=lambda: None):
    """Sends every payload once over `count` threads; (wall seconds, spans acknowledged)."""
    senders = [make_sender(index) for index in range(count)]
    errors = []
    acknowledged = [0] * count

    def work(index):
        try:
            for data, spans in payloads[index::count]:
                senders[index](data)
                acknowledged[index] += spans
        except Exception as error:  # noqa: BLE001 - reported with the figures
            errors.append(error)
    threads = [threading.Thread(target=work, args=(index,)) for index in range(count)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    close()
    if errors:
        raise RuntimeError(f"{len(errors)} senders failed, e.g. {errors[0]!r}")
    return wall, sum(acknowledged)


def measure(binary, mode, payloads, spans, args, perf_out=None):
    receiver = Receiver(binary, spans, args.every)
    try:
        time.sleep(0.5)
        rss_before = status_kib(receiver.process.pid, "VmRSS")
        perf = None
        if perf_out:
            perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-o", perf_out, "-p",
                                     str(receiver.process.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        cpu_before, own_before = cpu_seconds(receiver.process.pid), own_cpu()
        if mode == "grpc":
            wall, acknowledged = send_grpc(receiver.grpc_port, payloads, args.channels, args.calls_per_channel)
        else:
            wall, acknowledged = send_http(receiver.http_port, payloads, args.connections)
        cpu_after, own_after = cpu_seconds(receiver.process.pid), own_cpu()
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
        hwm = status_kib(receiver.process.pid, "VmHWM")
        received, dropped, malformed = receiver.counts_after(acknowledged)
    finally:
        receiver.kill()
    kept = received - dropped - malformed
    if received != acknowledged or kept != received:
        print(f"warning: {acknowledged} spans acknowledged, {received} received, {kept} kept", file=sys.stderr)
    cpu = cpu_after - cpu_before
    return {
        "binary": binary, "mode": mode, "sent": acknowledged, "received": received, "kept": kept,
        "dropped": dropped, "malformed": malformed, "wall_s": wall, "receiver_cpu_s": cpu,
        "spans_per_cpu_s": received / cpu, "spans_per_s": received / wall,
        "generator_cpu_s": own_after - own_before, "vmhwm_mib": hwm / 1024, "rss_before_mib": rss_before / 1024,
        "bytes_per_kept_span": (hwm - rss_before) * 1024 / max(kept, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", action="append", help="traceload binaries to compare (default: the release one)")
    parser.add_argument("--mode", choices=("grpc", "http", "both"), default="both")
    parser.add_argument("--spans", type=int, default=2_000_000, help="spans sent per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--channels", type=int, default=4, help="gRPC channels")
    parser.add_argument("--calls-per-channel", type=int, default=2, help="gRPC calls in flight per channel")
    parser.add_argument("--connections", type=int, default=4, help="HTTP keep-alive connections")
    parser.add_argument("--every", type=float, default=5, help="the receiver's live line interval (its default: 5 s)")
    parser.add_argument("--perf", help="record a perf profile of the receiver (first round only) into this directory")
    parser.add_argument("--json", help="also write every measurement to this file")
    args = parser.parse_args()
    binaries = args.binary or [os.path.join(ROOT, ".build/release/traceload")]
    modes = ("grpc", "http") if args.mode == "both" else (args.mode,)

    started = time.perf_counter()
    payloads, spans, copies = load(args.spans)
    print(f"load: {len(payloads)} export requests, {spans} spans ({copies} copies of the recorded requests, "
          f"{sum(len(p) for p, _ in payloads) / spans:.0f} protobuf bytes a span), made in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    results = []
    for round_ in range(args.rounds):
        for binary in binaries:
            for mode in modes:
                perf_out = None
                if args.perf and round_ == 0:
                    os.makedirs(args.perf, exist_ok=True)
                    name = f"{binaries.index(binary)}-{os.path.basename(binary)}-{mode}.data"
                    perf_out = os.path.join(args.perf, name)
                result = measure(binary, mode, payloads, spans, args, perf_out)
                result["round"] = round_
                results.append(result)
                print(f"round {round_} {binary} {mode}: {result['received']} spans in {result['wall_s']:.2f} s, "
                      f"receiver CPU {result['receiver_cpu_s']:.2f} s = {result['spans_per_cpu_s']:,.0f} spans/s "
                      f"per core, {result['spans_per_s']:,.0f} spans/s wall; generator CPU "
                      f"{result['generator_cpu_s']:.2f} s; kept {result['kept']}, dropped {result['dropped']}, "
                      f"malformed {result['malformed']}; VmHWM {result['vmhwm_mib']:.0f} MiB "
                      f"({result['bytes_per_kept_span']:.0f} B per kept span over the idle RSS)", flush=True)
    print()
    print("| binary | mode | spans/s per core (receiver CPU) | spans/s wall | receiver CPU s | generator CPU s "
          "| peak RSS MiB | bytes per kept span |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for binary in binaries:
        for mode in modes:
            rows = [r for r in results if r["binary"] == binary and r["mode"] == mode]
            def median(key):
                return statistics.median(r[key] for r in rows)
            print(f"| {binary} | {mode} | {median('spans_per_cpu_s'):,.0f} | {median('spans_per_s'):,.0f} | "
                  f"{median('receiver_cpu_s'):.2f} | {median('generator_cpu_s'):.2f} | {median('vmhwm_mib'):.0f} | "
                  f"{median('bytes_per_kept_span'):.0f} |")
    print(f"\nmedians of {args.rounds} rounds; {spans} spans per measurement; live line every {args.every:g} s; "
          f"{os.cpu_count()} cores shared by the receiver and this generator")
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)


if __name__ == "__main__":
    sys.exit(main())
