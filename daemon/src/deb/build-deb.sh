#!/usr/bin/env bash
# Builds daemon/target/passgate_<version>_all.deb from daemon/target/passgate-kiosk.jar, the kiosk build (no
# off-kiosk tools; native libraries of linux aarch64, arm and x86_64 only), installed as
# /usr/share/passgate/passgate.jar. Run `mvn -B -q -DskipTests package` first. Needs dpkg-deb and java (to write
# the shell completion and the command reference from the jar itself).
set -euo pipefail
top=$(cd "$(dirname "$0")/../../.." && pwd)
src="$top/daemon/src/deb"
jar="$top/daemon/target/passgate-kiosk.jar"
[ -f "$jar" ] || { echo "build-deb: $jar not found; run 'mvn -B -q -DskipTests package' first" >&2; exit 1; }
pom_version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$top/pom.xml" | sed -n 1p)
version=${pom_version/-SNAPSHOT/~snapshot}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The jar goes in stored (entries not compressed): xz compresses class files far better than zip's deflate, so the
# package is about half as large, and the JVM reads the classes without inflating them. It takes more disk once
# installed; both sizes are in README "Install on a Raspberry Pi".
unpacked="$stage/unpacked"
mkdir -p "$unpacked" "$stage/usr/share/passgate"
(cd "$unpacked" && jar xf "$jar")
mv "$unpacked/META-INF/MANIFEST.MF" "$stage/MANIFEST.MF"
jar --create --no-compress --file "$stage/usr/share/passgate/passgate.jar" --manifest "$stage/MANIFEST.MF" \
    -C "$unpacked" .
rm -rf "$unpacked" "$stage/MANIFEST.MF"
chmod 0644 "$stage/usr/share/passgate/passgate.jar"
install -D -m 0755 "$src/passgate.sh" "$stage/usr/bin/passgate"
install -D -m 0644 "$top/systemd/passgate.service" "$stage/lib/systemd/system/passgate.service"
install -D -m 0640 "$top/config/passgate.toml" "$stage/etc/passgate/passgate.toml"
install -d -m 0750 "$stage/var/lib/passgate"
install -D -m 0644 "$top/README.md" "$stage/usr/share/doc/passgate/README.md"
install -D -m 0644 "$top/config/CONFIG.md" "$stage/usr/share/doc/passgate/CONFIG.md"
install -D -m 0644 "$src/copyright" "$stage/usr/share/doc/passgate/copyright"
# The docs the README links to, at the same relative paths (docs/..., config/CONFIG.md).
for doc in "$top"/docs/*.md "$top"/docs/*.json; do
  install -D -m 0644 "$doc" "$stage/usr/share/doc/passgate/docs/$(basename "$doc")"
done
install -D -m 0644 "$top/config/CONFIG.md" "$stage/usr/share/doc/passgate/config/CONFIG.md"
install -D -m 0644 "$top/config/passgate.toml" "$stage/usr/share/doc/passgate/config/passgate.toml"
# Bash completion and the help of every command, both written by the jar that is shipped.
mkdir -p "$stage/usr/share/bash-completion/completions"
java -jar "$jar" generate-completion > "$stage/usr/share/bash-completion/completions/passgate"
java -jar "$jar" help --all > "$stage/usr/share/doc/passgate/commands.txt"
# man passgate: the same help text, written by the shipped jar, as a passgate(1) page (picocli-codegen's
# ManPageGenerator writes AsciiDoc, which would need asciidoctor to become a man page; this needs nothing).
mkdir -p "$stage/usr/share/man/man1"
"$src/man-page.sh" "$version" < "$stage/usr/share/doc/passgate/commands.txt" | gzip -9n \
    > "$stage/usr/share/man/man1/passgate.1.gz"
chmod 0644 "$stage/usr/share/man/man1/passgate.1.gz"
install -d "$stage/DEBIAN"
sed "s/@VERSION@/$version/" "$src/control" > "$stage/DEBIAN/control"
echo "Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)" >> "$stage/DEBIAN/control"
install -m 0644 "$src/conffiles" "$stage/DEBIAN/conffiles"
install -m 0755 "$src/postinst" "$stage/DEBIAN/postinst"
install -m 0755 "$src/postrm" "$stage/DEBIAN/postrm"

out="$top/daemon/target/passgate_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$out" >/dev/null
echo "$out"
