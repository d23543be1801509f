"""Stops the processes a test process started when that process ends without stopping them.

Tests stop their helpers when they end, passed or failed; a test process that crashes or is
killed (a CI timeout) cannot. One of these runs beside each test process (HelperReaper starts it)
and reads lines from its stdin: "+PID" when the test started a process, "-PID" when it stopped it.
When stdin closes or its parent is gone, each process still listed gets SIGTERM, and SIGKILL 5 s
later if still there. A process is recognised by its start time, so a pid reused by another
process since is left alone.

Usage: reap_helpers.py   (lines on stdin)
"""
import os
import signal
import sys
import threading
import time


def started_at(pid):
    """The process's start time (clock ticks after boot), or None when there is no such process."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


listed = {}
lock = threading.Lock()
parent = os.getppid()


def reap():
    with lock:
        alive = {pid: start for pid, start in listed.items() if start is not None and started_at(pid) == start}
    for pid in alive:
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            pass
    deadline = time.monotonic() + 5
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = {pid: start for pid, start in alive.items() if started_at(pid) == start}
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    os._exit(0)


def watch_parent():
    while os.getppid() == parent:
        time.sleep(0.5)
    reap()


threading.Thread(target=watch_parent, daemon=True).start()
for line in sys.stdin:
    line = line.strip()
    if line[:1] == "+" and line[1:].isdigit():
        with lock:
            listed[int(line[1:])] = started_at(int(line[1:]))
    elif line[:1] == "-" and line[1:].isdigit():
        with lock:
            listed.pop(int(line[1:]), None)
reap()
