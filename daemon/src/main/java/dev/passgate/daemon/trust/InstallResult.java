package dev.passgate.daemon.trust;

/**
 * What became of a bundle offered for installation. {@link Installed}: it replaced the installed one (version
 * {@code previousVersion}, 0 when there was none). {@link Unchanged}: it is the bundle already installed.
 * {@link Refused}: it was not acceptable, {@code reason} says why, and the installed bundle (version
 * {@code installedVersion}) stays.
 */
public sealed interface InstallResult {

    record Installed(TrustBundle bundle, long previousVersion) implements InstallResult {
    }

    record Unchanged(long version) implements InstallResult {
    }

    record Refused(String reason, long installedVersion) implements InstallResult {
    }
}
