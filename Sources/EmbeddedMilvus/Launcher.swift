/// The Python side of starting the PyPI Milvus: it uses the package's own `MilvusServer` (which
/// unpacks the binary, writes milvus.yaml and sets LD_LIBRARY_PATH) with every port chosen by
/// traceload, prints the Milvus pid, and stops Milvus when asked (SIGTERM/SIGINT). Nothing
/// outlives traceload: Milvus is started so that the kernel kills it when the launcher dies
/// (PR_SET_PDEATHSIG, set in the child by the launcher's main thread, which lives as long as
/// the launcher), and the launcher kills Milvus at once when traceload disappears. When Milvus
/// exits on its own, the launcher prints `{"exited": CODE}` (a negative code: killed by that
/// signal) and exits, so traceload notices a crash as it happens.
let launcherScript = #"""
    import ctypes, json, os, signal, socket, subprocess, sys, threading, time
    from milvus import MilvusServer, MilvusServerConfig

    _libc = ctypes.CDLL(None, use_errno=True)
    def _die_with_parent():
        _libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    _popen = subprocess.Popen
    def _popen_dying_with_parent(*args, **kwargs):
        kwargs.setdefault('preexec_fn', _die_with_parent)
        return _popen(*args, **kwargs)
    subprocess.Popen = _popen_dying_with_parent

    # The package tests each port with a plain bind(); a port whose old connections linger in
    # TIME_WAIT (a Milvus restarted on the same port) fails that test, and the package then silently
    # moves to the next port. Milvus itself binds with SO_REUSEADDR, so test the same way.
    def try_bind_port(self, port):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(('127.0.0.1', port))
            sock.listen()
            return sock
        except OSError:
            sock.close()
            return None
    MilvusServerConfig.try_bind_port = try_bind_port

    data_dir, web_port, ports = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    parent = os.getppid()
    server = MilvusServer(MilvusServerConfig(), wait_for_started=False)
    server.set_base_dir(data_dir)
    # Every port is chosen by traceload: the package's own choice (bind, release, hope) races when
    # two servers start at once.
    for key, port in ports.items():
        server.config.set(key, int(port))
    server.webservice_port = web_port

    def stop(*_):
        proc = server.server_proc
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=float(os.environ.get('TRACELOAD_STOP_GRACE', '10')))
            except Exception:
                proc.kill()
                proc.wait()
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_parent():
        while True:
            time.sleep(0.1)
            if os.getppid() != parent:
                # traceload is gone (killed): no one will read a graceful stop's result.
                proc = server.server_proc
                if proc is not None:
                    proc.kill()
                os._exit(0)
            if server.server_proc is not None and server.server_proc.poll() is not None:
                print(json.dumps({"exited": server.server_proc.returncode}), flush=True)
                os._exit(3)

    server.start()
    # A port that was taken meanwhile must not be swapped for another behind traceload's back.
    moved = {key: server.config.configurable_items[key][1] for key, port in ports.items()
             if int(server.config.configurable_items[key][1]) != int(port)}
    if moved:
        sys.stderr.write(f"ports taken meanwhile: asked for {ports}, Milvus would listen on {moved}; address already in use\n")
        sys.stderr.flush()
        stop()
    print(json.dumps({"pid": server.server_proc.pid, "web_port": server.webservice_port}), flush=True)
    threading.Thread(target=watch_parent, daemon=True).start()
    while True:
        time.sleep(3600)
    """#
