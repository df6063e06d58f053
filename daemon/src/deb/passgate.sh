#!/bin/sh
# passgate launcher, installed as /usr/bin/passgate. The jar is found relative to this script
# (../share/passgate/passgate.jar), so an unpacked package works from any root.
# PASSGATE_JAVA_OPTS adds JVM options; JAVA_HOME selects the runtime.
here=$(dirname "$(readlink -f "$0")")
jar="${PASSGATE_JAR:-$here/../share/passgate/passgate.jar}"
if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=java; fi
# shellcheck disable=SC2086
exec "$java" ${PASSGATE_JAVA_OPTS:-} -jar "$jar" "$@"
