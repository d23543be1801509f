#!/usr/bin/env bash
# Fails, naming them, when processes the tests started from this checkout are still running after
# the test processes ended (run by `make test` after them): the Python helpers under Tests/,
# Prometheus, `traceload null-milvus` / `receive` / `milvus` and runs on the tests' scenarios, the
# embedded Milvus (its launcher and `milvus run standalone`). A test's helper that outlived it once
# ran for an hour, orphaned, until someone noticed.
#
# Only this checkout's: a process counts when its command line names the checkout, or its working
# directory is the checkout (the tests start everything there), or one of its ancestors' command
# lines names the checkout (the embedded Milvus, started by a traceload from this checkout's
# .build). Another checkout's or another engineer's Milvus, Prometheus or traceload is left alone.
# Nothing is killed: the check names what is left, and the fix belongs in the test that left it.
#
# Usage: scripts/check-no-leftovers.sh [SECONDS]  (how long helpers may take to exit; default 15)
set -u
root=$(cd "$(dirname "$0")/.." && pwd -P)
grace=${1:-15}

# The command line of a pid, its arguments separated by spaces ("" when it is gone).
args_of() { { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null; }

# Whether the pid, or one of its ancestors, belongs to this checkout.
ours() {
    local pid=$1 cwd
    cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null)
    [[ $cwd == "$root" || $cwd == "$root"/* ]] && return 0
    while [[ -n $pid && $pid != 0 && $pid != 1 ]]; do
        [[ " $(args_of "$pid")" == *" $root/"* || "$(args_of "$pid")" == *"=$root/"* ]] && return 0
        pid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    done
    return 1
}

# What a test may have started, by its command line.
candidate() {
    local args=$1
    read -r -a words <<<"$args"
    local program=${words[0]##*/} sub=${words[1]:-}
    case $program in
        python*) [[ $args == *"$root/Tests/"* || $args == *"MilvusServer"* ]] ;;
        prometheus) true ;;
        traceload) [[ $sub == null-milvus || $sub == receive || $sub == milvus || $args == *traceload-it-* ]] ;;
        milvus) [[ $sub == run ]] ;;
        *) false ;;
    esac
}

leftovers() {
    local pid args
    for dir in /proc/[0-9]*; do
        pid=${dir#/proc/}
        [[ $pid == "$$" ]] && continue
        args=$(args_of "$pid")
        [[ -z $args ]] && continue
        candidate "$args" && ours "$pid" && printf '  pid %s (in %s): %s\n' "$pid" "$(readlink "/proc/$pid/cwd" 2>/dev/null)" "${args:0:300}"
    done
}

# The helpers of the last test stop within moments (a reaper ends a crashed test's): wait for them.
deadline=$((SECONDS + grace))
found=$(leftovers)
while [[ -n $found && $SECONDS -lt $deadline ]]; do
    sleep 1
    found=$(leftovers)
done
if [[ -n $found ]]; then
    echo "check-no-leftovers: processes the tests started from $root are still running ${grace} s after they ended:" >&2
    echo "$found" >&2
    exit 1
fi
echo "check-no-leftovers: nothing the tests started is still running"
