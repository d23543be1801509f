"""Ends a test helper (a receiver, a peer, an instrumented client) with the test that started it.

A test stops its helpers when it ends, passed or failed; but a test process that crashes, or is
killed by a CI timeout, stops nothing, and a helper serving forever would be left running. So
each helper also watches for itself, from the moment it imports this and calls
`exit_with_parent()`: it exits when its parent process is gone (it was handed to another parent),
or, when its stdin is a pipe, when that pipe closes (the test process held its other end).
"""
import os
import stat
import threading
import time


def exit_with_parent():
    parent = os.getppid()

    def watch_parent():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        piped = stat.S_ISFIFO(os.fstat(0).st_mode)
    except OSError:
        piped = False
    # Only a pipe: a terminal, /dev/null or a file would read as closed at once or never.
    if piped:

        def watch_stdin():
            while os.read(0, 4096):
                pass
            os._exit(0)

        threading.Thread(target=watch_stdin, daemon=True).start()
