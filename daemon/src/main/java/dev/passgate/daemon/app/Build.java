package dev.passgate.daemon.app;

/** Facts about this build of passgate. */
public final class Build {
    private Build() {
    }

    /** The version as the jar manifest states it, or "dev" when run from classes. */
    public static String version() {
        String version = Build.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
