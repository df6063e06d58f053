#!/usr/bin/env bash
# Runs the kiosk jar under the system-call filter of systemd/passgate.service without systemd (a developer check;
# CI machines and containers rarely run systemd as PID 1): expands the unit's SystemCallFilter= lines with
# `systemd-analyze syscall-filter`, builds unitfilter.c (gcc, libseccomp.so.2), and runs one kiosk session under it
# and strace: a serial reader on a socat pty pair, three scans, upload to the reference collector on 127.0.0.1,
# the notify socket, `status` and `reload` over the control socket, SIGTERM. It prints every system call the filter
# refused (EPERM) and every socket family refused (EAFNOSUPPORT), and the session's results.
# Usage: systemd/check/check-seccomp.sh   (after `mvn -B -q -DskipTests package`; needs socat, strace, gcc)
# Not covered: the device cgroup (DeviceAllow=), the mount namespace (ProtectSystem=, ReadWritePaths=), the user.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
jars="$top/daemon/target"
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$work"' EXIT
port=$((20000 + RANDOM % 20000))

# The allow list: the unit's SystemCallFilter= lines in order (a list adds, a list after ~ removes).
systemd-analyze syscall-filter > "$work/sets.txt" 2>/dev/null
grep '^SystemCallFilter=' "$top/systemd/passgate.service" | cut -d= -f2- > "$work/filter.txt"
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
sets, current = {}, None
for line in open(f"{work}/sets.txt"):
    text = line.strip()
    if line.startswith("@"):
        current = text.split()[0]; sets[current] = []
    elif text and not text.startswith("#") and current:
        sets[current].append(text.split()[0])
def expand(name):
    if not name.startswith("@"):
        return {name}
    return set().union(*[expand(item) for item in sets.get(name, [])]) if sets.get(name) else set()
allowed = set()
for line in open(f"{work}/filter.txt"):
    deny = line.startswith("~")
    names = set().union(*[expand(n) for n in line.lstrip("~").split()])
    allowed = allowed - names if deny else allowed | names
open(f"{work}/allowed.txt", "w").write("\n".join(sorted(allowed)) + "\n")
print(f"check-seccomp: {len(allowed)} system call names allowed by the unit")
PY
gcc -O2 -Wall -o "$work/unitfilter" "$top/systemd/check/unitfilter.c" "$(ls /usr/lib/*/libseccomp.so.2 | head -1)"

cat > "$work/passgate.toml" <<TOML
[device]
id = "kiosk-seccomp"
data_dir = "$work/data"
[scan.serial]
enabled = true
port = "$work/ttyKiosk"
[feedback]
console = true
[gate]
clock_sync_flag = "$work/no-sync-flag"
[upload]
enabled = true
url = "http://127.0.0.1:$port/v1/batches"
interval_ms = 2000
startup_spread_ms = 0
TOML
socat pty,raw,echo=0,link="$work/ttyKiosk" pty,raw,echo=0,link="$work/ttyHost" & pids+=($!)
java -jar "$jars/passgate.jar" collector --listen "127.0.0.1:$port" --db "$work/collector.db" --tofu \
    > "$work/collector.log" 2>&1 & pids+=($!)
socat -u UNIX-RECV:"$work/notify.sock" STDOUT > "$work/notify.log" & pids+=($!)
sleep 2
NOTIFY_SOCKET="$work/notify.sock" strace -f -qq -Z -o "$work/refused.txt" "$work/unitfilter" "$work/allowed.txt" \
    java -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$work" \
    -jar "$jars/passgate-kiosk.jar" run --config "$work/passgate.toml" > "$work/kiosk.out" 2> "$work/kiosk.err" &
traced=$!
for _ in $(seq 1 90); do grep -q READY=1 "$work/notify.log" 2>/dev/null && break; sleep 1; done
grep -q READY=1 "$work/notify.log" || { cat "$work/kiosk.err" >&2; echo "check-seccomp: no READY=1" >&2; exit 1; }
for n in 1 2 3; do printf 'HC1:NOT-A-PASS-%d\r' "$n" > "$work/ttyHost"; sleep 1; done
set +e
java -jar "$jars/passgate-kiosk.jar" status --config "$work/passgate.toml" > "$work/status.txt" 2>&1; status=$?
java -jar "$jars/passgate-kiosk.jar" reload --config "$work/passgate.toml" > "$work/reload.txt" 2>&1; reload=$?
sleep 6
# strace's child is the kiosk: unitfilter replaces itself with java
kiosk=$(pgrep -P "$traced" -n)
kill -TERM "$kiosk"; wait "$traced"; stop=$?
java -jar "$jars/passgate.jar" collector --db "$work/collector.db" --report > "$work/report.txt" 2>&1
set -e
echo "check-seccomp: READY=1 sent; status exit $status; reload exit $reload ($(cat "$work/reload.txt"));" \
     "stop exit $stop; scans logged: $(grep -c 'Gate: scan from serial' "$work/kiosk.err")"
echo "check-seccomp: collector: $(grep -o '"records":[0-9]*,[^,]*,[^,]*' "$work/report.txt"; \
     grep -o '"chain":"[A-Z]*"' "$work/report.txt")" | tr "\n" " "; echo
echo "check-seccomp: refused by the filter (EPERM; fchown is SQLite's, only as root):"
grep -E '= -1 EPERM' "$work/refused.txt" | sed -E 's/^[0-9]+ +([a-z0-9_]+)\(.*/  \1/' | sort | uniq -c || echo "  none"
echo "check-seccomp: socket families refused (EAFNOSUPPORT):"
grep -E '^[0-9]+ +socket\(.*EAFNOSUPPORT' "$work/refused.txt" | sed -E 's/^[0-9]+ +socket\(([A-Z0-9_]+),.*/  \1/' \
    | sort | uniq -c || echo "  none"
grep -q 'stopped: readers, outputs and the entry log are closed' "$work/kiosk.err" \
    || { echo "check-seccomp: no clean stop line" >&2; exit 1; }
