#!/usr/bin/env bash
# Checks a built passgate .deb: control fields, contents, and an install into a throwaway root
# (dpkg --root, maintainer scripts run chrootless with DPKG_ROOT set) whose launcher runs `passgate version`.
set -euo pipefail
deb=${1:?usage: check-deb.sh PACKAGE.deb}
fail() { echo "check-deb: $*" >&2; exit 1; }

control=$(dpkg-deb --field "$deb")
for field in "Package: passgate" "Architecture: all" "Depends: default-jre-headless" "Recommends: ffmpeg"; do
  grep -q "^$field" <<<"$control" || fail "control lacks '$field'"
done
contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/passgate ./usr/share/passgate/passgate.jar ./lib/systemd/system/passgate.service \
            ./etc/passgate/passgate.toml ./var/lib/passgate/ ./usr/share/doc/passgate/copyright \
            ./usr/share/doc/passgate/docs/trust-bundle.md ./usr/share/doc/passgate/commands.txt \
            ./usr/share/bash-completion/completions/passgate ./usr/share/man/man1/passgate.1.gz; do
  grep -q " $path\$" <<<"$contents" || fail "package lacks $path"
done
[ "$(dpkg-deb --info "$deb" conffiles)" = "/etc/passgate/passgate.toml" ] || fail "conffiles is not the config file"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status"
# The throwaway root has no Java or adduser package, so dependencies are forced; dpkg's complaint about
# them is expected and only shown when the install fails.
dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root --log=/dev/null \
     --install "$deb" >"$root/dpkg.log" 2>&1 || { cat "$root/dpkg.log" >&2; fail "dpkg --install failed"; }
dpkg --root="$root" --status passgate | grep -q "^Status: install ok installed" || fail "not installed"
# postinst makes the class-data archive with one training run; it is best effort, so only reported here.
if [ -s "$root/var/cache/passgate/passgate.jsa" ]; then
  echo "check-deb: class-data archive made by postinst: $(du -k "$root/var/cache/passgate/passgate.jsa" | cut -f1) kB"
else
  echo "check-deb: postinst made no class-data archive (the launcher starts without one)"
fi
out=$("$root/usr/bin/passgate" version)
grep -q "^passgate " <<<"$out" || fail "launcher printed '$out'"
"$root/usr/bin/passgate" config check "$root/etc/passgate/passgate.toml" >/dev/null || fail "shipped config invalid"
"$root/usr/bin/passgate" status --help >/dev/null || fail "status --help failed"
# The man page renders without a troff warning and holds the help of every command.
if command -v groff >/dev/null 2>&1; then
  man_text=$(zcat "$root/usr/share/man/man1/passgate.1.gz" | groff -man -Tutf8 -ww -z 2>&1) \
    && [ -z "$man_text" ] || fail "man page: groff warns: $man_text"
  zcat "$root/usr/share/man/man1/passgate.1.gz" | groff -man -Tascii 2>/dev/null | grep -q "passgate status" \
    || fail "man page lacks the status command"
  echo "check-deb: man page passgate(1): ok"
fi
# Every file the README links to is shipped beside it.
readme="$root/usr/share/doc/passgate/README.md"
for link in $(grep -o '](\(docs\|config\)/[^)#]*' "$readme" | sed 's/^](//' | sort -u); do
  [ -f "$root/usr/share/doc/passgate/$link" ] || fail "README links to $link, which the package does not ship"
done
# The kiosk jar leaves out the off-kiosk tools and answers them with a pointer to the tools jar (exit 2).
set +e; "$root/usr/bin/passgate" collector --db x --report >/dev/null 2>&1; tool=$?; set -e
[ "$tool" -eq 2 ] || fail "kiosk jar answered 'collector' with exit $tool, expected 2 (not in the kiosk jar)"
size=$(stat -c %s "$deb")
[ "$size" -le $((20 * 1024 * 1024)) ] || fail "package is $size bytes, more than the 20 MiB budget"
jar_size=$(stat -c %s "$root/usr/share/passgate/passgate.jar")
echo "check-deb: package $((size / 1024)) KiB, jar $((jar_size / 1024)) KiB"
if command -v systemd-analyze >/dev/null 2>&1; then
  # The unit as installed, with its launcher path pointed into the throwaway root.
  mkdir -p "$root/verify"
  sed "s#/usr/bin/passgate#$root/usr/bin/passgate#" "$root/lib/systemd/system/passgate.service" \
    > "$root/verify/passgate.service"
  SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$root/verify/passgate.service" || fail "systemd-analyze verify"
  echo "check-deb: systemd-analyze verify: ok"
fi
echo "check-deb: ok: $(basename "$deb") installs into a throwaway root; launcher: $out"
