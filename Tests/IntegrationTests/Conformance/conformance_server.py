#!/usr/bin/env python3
"""Peers for traceload's gRPC wire conformance tests, none of them written by traceload.

  conformance_server.py grpcio [--max-streams N]
      Python's grpcio (the C-core gRPC implementation) serving every method under any path with
      raw bytes. A call to /conformance/MODE behaves as MODE says; any other path (MilvusService's
      methods) answers as a Milvus with one loaded collection would, as far as traceload asks:
        ok                  an empty message (a valid answer of every Milvus response type)
        status:NAME         that gRPC status (a trailers-only answer), e.g. status:UNAVAILABLE
        big:BYTES           a message of that size (one unknown protobuf field), split over frames
        sleep:MS            answer after that many milliseconds

  conformance_server.py h2
      A raw HTTP/2 server (the `h2` library), misbehaving at the protocol level as the path
      /conformance/MODE says:
        ok                  a gRPC answer with an empty message
        http:STATUS         that HTTP status, text/plain, no grpc-status
        badtype             HTTP 200 with content-type text/html
        rst:CODE            RST_STREAM with that HTTP/2 error code (e.g. rst:7 REFUSED_STREAM)
        late:MS:BYTES       after MS milliseconds, a gRPC answer of BYTES, written whole before the
                            client's RST_STREAM (sent at its deadline) is read: the answer is in
                            flight when the reset arrives
        silent              from now on the connection answers nothing, not even PINGs, and stays open
        goaway              GOAWAY (no stream processed beyond this one), then close

Prints {"port": N} once listening; serves until killed.
"""
import json
import os
import socket
import traceback
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from helper_lifetime import exit_with_parent  # noqa: E402  (ends with the test that started it)


def big_message(size):
    """A protobuf message of about `size` bytes: field 99 (length-delimited), unknown to every
    Milvus type, so any response type parses it as empty."""
    payload = b"x" * max(0, size)
    length, n = b"", len(payload)
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            length += bytes([byte | 0x80])
        else:
            length += bytes([byte])
            break
    return b"\x9a\x06" + length + payload


# Milvus's answers where an empty message would not do: HasCollection → BoolResponse{value: true},
# GetLoadingProgress → {progress: 100} (protobuf field 2, varint).
MILVUS = {"HasCollection": b"\x10\x01", "GetLoadingProgress": b"\x10\x64"}


def mode_of(path):
    return path[len("/conformance/"):] if path.startswith("/conformance/") else "ok"


def grpc_frame(message):
    return b"\x00" + len(message).to_bytes(4, "big") + message


def serve_grpcio(max_streams):
    import grpc
    from concurrent import futures

    class Handler(grpc.GenericRpcHandler):
        def service(self, details):
            mode = mode_of(details.method)
            canned = MILVUS.get(details.method.rsplit("/", 1)[-1], b"")

            def behave(request, context):
                if mode.startswith("status:"):
                    context.abort(grpc.StatusCode[mode.split(":", 1)[1]], "told to fail")
                if mode.startswith("big:"):
                    return big_message(int(mode.split(":")[1]))
                if mode.startswith("sleep:"):
                    time.sleep(int(mode.split(":")[1]) / 1000)
                return canned

            return grpc.unary_unary_rpc_method_handler(behave)

    options = [("grpc.max_send_message_length", 64 << 20), ("grpc.max_receive_message_length", 64 << 20)]
    if max_streams:
        options.append(("grpc.max_concurrent_streams", max_streams))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=64), handlers=[Handler()], options=options)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(json.dumps({"port": port}), flush=True)
    server.wait_for_termination()


def serve_h2():
    import h2.config
    import h2.connection
    import h2.events
    import h2.exceptions

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    print(json.dumps({"port": listener.getsockname()[1]}), flush=True)

    def connection(sock):
        conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.local_settings.initial_window_size = 16 << 20
        conn.initiate_connection()
        conn.increment_flow_control_window((16 << 20) - 65535)
        sock.sendall(conn.data_to_send())
        modes, events = {}, []
        try:
            while True:
                if not events:
                    data = sock.recv(1 << 16)
                    if not data:
                        return
                    events.extend(conn.receive_data(data))
                event = events.pop(0)
                if isinstance(event, h2.events.RequestReceived):
                    modes[event.stream_id] = mode_of(dict(event.headers).get(":path", ""))
                elif isinstance(event, h2.events.DataReceived):
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                if isinstance(event, h2.events.StreamEnded) and event.stream_id in modes:
                    try:
                        if not answer(conn, sock, event.stream_id, modes.pop(event.stream_id), events):
                            return
                    except (h2.exceptions.StreamClosedError, h2.exceptions.StreamIDTooLowError):
                        pass  # the client reset it meanwhile, as a real server would see
                if not events:
                    sock.sendall(conn.data_to_send())
        except OSError:
            return
        except Exception:
            traceback.print_exc()
            return
        finally:
            sock.close()

    def answer(conn, sock, stream, mode, events):
        grpc_headers = [(":status", "200"), ("content-type", "application/grpc")]
        if mode == "ok":
            conn.send_headers(stream, grpc_headers)
            conn.send_data(stream, grpc_frame(b""))
            conn.send_headers(stream, [("grpc-status", "0")], end_stream=True)
        elif mode.startswith("http:"):
            conn.send_headers(stream, [(":status", mode.split(":")[1]), ("content-type", "text/plain")])
            conn.send_data(stream, b"overloaded", end_stream=True)
        elif mode == "badtype":
            conn.send_headers(stream, [(":status", "200"), ("content-type", "text/html")])
            conn.send_data(stream, b"<html></html>", end_stream=True)
        elif mode.startswith("rst:"):
            conn.reset_stream(stream, error_code=int(mode.split(":")[1]))
        elif mode.startswith("late:"):
            _, delay, size = mode.split(":")
            # Past the client's deadline, without reading its RST_STREAM: the answer leaves whole.
            time.sleep(int(delay) / 1000)
            body = grpc_frame(big_message(int(size)))
            conn.send_headers(stream, grpc_headers)
            step = conn.max_outbound_frame_size
            for offset in range(0, len(body), step):
                # Out of window: read what the client sent (its WINDOW_UPDATEs, and the
                # RST_STREAM of this call, which ends it as a real server would).
                while conn.local_flow_control_window(stream) < min(step, len(body) - offset):
                    sock.sendall(conn.data_to_send())
                    events.extend(conn.receive_data(sock.recv(1 << 16)))
                conn.send_data(stream, body[offset:offset + step])
            conn.send_headers(stream, [("grpc-status", "0")], end_stream=True)
        elif mode == "silent":
            sock.sendall(conn.data_to_send())
            while sock.recv(1 << 16):
                pass
            return False
        elif mode == "goaway":
            conn.close_connection(last_stream_id=stream - 2 if stream > 1 else 0)
            sock.sendall(conn.data_to_send())
            return False
        return True

    while True:
        sock, _ = listener.accept()
        threading.Thread(target=connection, args=(sock,), daemon=True).start()


if __name__ == "__main__":
    exit_with_parent()
    kind = sys.argv[1]
    if kind == "grpcio":
        streams = int(sys.argv[sys.argv.index("--max-streams") + 1]) if "--max-streams" in sys.argv else 0
        serve_grpcio(streams)
    else:
        serve_h2()
