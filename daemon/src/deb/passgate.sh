#!/bin/sh
# passgate launcher, installed as /usr/bin/passgate. The jar is found relative to this script
# (../share/passgate/passgate.jar), so an unpacked package works from any root.
# PASSGATE_JAVA_OPTS adds JVM options (they come last, so they win); JAVA_HOME selects the runtime.
here=$(dirname "$(readlink -f "$0")")
jar="${PASSGATE_JAR:-$here/../share/passgate/passgate.jar}"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
# Measured in docs/performance.md: the serial collector, a small initial heap and the C1 compiler alone keep the
# daemon's resident memory under 96 MB (with the service's -Xmx64m) at a modest cost in verification speed.
opts="-XX:+UseSerialGC -Xms8m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"
opts="$opts -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
# A young generation of at most 3 MB (the JVM's default grows it to a third of the heap, 21 MB with -Xmx64m): a camera
# kiosk allocates a frame's worth of short-lived arrays per frame, and this keeps them from spreading over 18 MB of
# resident eden. Methods are compiled after 4 times the JVM's default number of calls, so the code that runs only at
# start (configuration, command line, trust files) mostly stays interpreted and the code cache holds the scan and
# camera paths. Measured in docs/performance-camera.md with a camera: 6 MB of eden -> 12 MB less resident memory than
# the default; 4 MB and the compile threshold, together with that round's smaller SQLite caches and pipe reads ->
# 5.5 MB less again (NMT: heap -2.8 MB, code -1.4 MB), for 0.1-0.3 ms more per scan at p50/p99 over the first 10,000
# scans after a start.
opts="$opts -XX:MaxNewSize=3m -XX:CompileThresholdScaling=4"
# A heap that has grown is given back in one step at the next full collection, not over four: the camera kiosk's
# heap grows by 13 MB at start for BoofCV's bit table (packed and collected at once, BoofBitTable), and in steps
# it stayed at that size for good (docs/performance-camera.md, fourth round: 3.6 MB less resident memory).
opts="$opts -XX:-ShrinkHeapInSteps"
# C1 inlines methods of up to 15 bytes of bytecode instead of 35: 1.5 MB less compiled code resident; with the 3 MB
# young generation, 2.2 MB less (fourth round; the camera's CPU per frame and the latencies were measured with them).
opts="$opts -XX:C1MaxInlineSize=15"
jvm=$(readlink -f "$(command -v "$java")" 2>/dev/null || echo "$java")
# Every 30 s the JVM gives the C heap's free pages back (glibc's malloc_trim; 1 MB less resident memory). The option
# came with 17.0.9 and 21.0.1, experimental before 17.0.12 and 21.0.4 (hence the unlock), and a JVM without it
# refuses to start: it is given only when the runtime's release file names a version that has it.
version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$(dirname "$(dirname "$jvm")")/release" 2>/dev/null)
patch=$(echo "$version" | cut -d. -f3)
trim=
case "$version" in
  17.0.*) [ "${patch:-0}" -ge 9 ] 2>/dev/null && trim=yes ;;
  21.0.*) [ "${patch:-0}" -ge 1 ] 2>/dev/null && trim=yes ;;
  2[2-9]|2[2-9].*|[3-9][0-9]|[3-9][0-9].*) trim=yes ;;
esac
if [ "$trim" = yes ]; then
  opts="$opts -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=30000"
fi
# Two malloc arenas instead of eight per core: less native memory for the few threads the daemon has.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The application class-data archive postinst makes on the device (it is specific to this jar and this JVM) cuts
# start-up CPU; it is used only when it is newer than both, and the JVM's CDS warnings are silenced either way.
archive="${PASSGATE_CDS_ARCHIVE:-$here/../../var/cache/passgate/passgate.jsa}"
if [ -r "$archive" ] && [ "$archive" -nt "$jar" ] && [ "$archive" -nt "$jvm" ]; then
  opts="$opts -XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
# shellcheck disable=SC2086
exec "$java" $opts ${PASSGATE_JAVA_OPTS:-} -jar "$jar" "$@"
