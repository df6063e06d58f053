#!/usr/bin/env bash
# Writes passgate(1) in man(7) troff to standard output from `passgate help --all` on standard input (the help of
# every command, as picocli renders it), for build-deb.sh. The help text goes in as it is, unfilled, with troff's
# special characters escaped: a backslash, and a dot or apostrophe at the start of a line.
set -euo pipefail
version=${1:?usage: man-page.sh VERSION < commands.txt}
cat <<HEAD
.TH PASSGATE 1 "" "passgate $version" "User Commands"
.SH NAME
passgate \\- offline QR pass verifier for entrance kiosks
.SH SYNOPSIS
.B passgate
.I COMMAND
.RI [ OPTIONS ]
.br
.B passgate help
.RI [ COMMAND " [" SUBCOMMAND ]]
.SH DESCRIPTION
The daemon and its command line: \\fBpassgate run\\fR is the kiosk (started by \\fBpassgate.service\\fR), the other
commands check its configuration and devices, show its status, verify passes and the entry log, and manage its trust
data. Every command answers \\fB\\-h\\fR/\\fB\\-\\-help\\fR. The help of every command follows.
.SH COMMANDS
.nf
HEAD
sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
cat <<'TAIL'
.fi
.SH FILES
.TP
.I /etc/passgate/passgate.toml
the configuration (keys in /usr/share/doc/passgate/CONFIG.md)
.TP
.I /var/lib/passgate
the entry log, keys, trust bundle and the control socket
.SH SEE ALSO
.BR systemctl (1),
.BR journalctl (1),
/usr/share/doc/passgate/README.md
TAIL
