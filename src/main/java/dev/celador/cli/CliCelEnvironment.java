package dev.celador.cli;

import dev.celador.cel.CelEnvironment;
import dev.celador.cel.KubernetesVersion;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one CEL environment of an offline command, keeping type-checked expressions in a compile
 * cache as serve does, so a command on unchanged policies parses and type-checks almost nothing:
 * `celador.compile-cache` names the file (default `$TMPDIR/celador/cli-compile-cache`, apart from
 * serve's, whose policy set differs; "none" for none), `celador.compile-cache.seed` the file to
 * start from while it holds nothing (bin/celador passes the build's seed of the shipped policies).
 * Building the environment is itself a fixed cost, paid once per process however many suites
 * `celador test` compiles.
 */
final class CliCelEnvironment {

    private static CelEnvironment shared;

    private CliCelEnvironment() {
    }

    /**
     * The environment of a target release: the shared, cached one for the configured release (the
     * default of --kubernetes-version), a fresh one without cache for another.
     */
    static CelEnvironment get(KubernetesVersion version) {
        return version.equals(KubernetesVersion.configured()) ? get() : new CelEnvironment(version);
    }

    static synchronized CelEnvironment get() {
        if (shared == null) {
            String where = System.getProperty("celador.compile-cache",
                    Path.of(System.getProperty("java.io.tmpdir"), "celador", "cli-compile-cache").toString());
            String seed = System.getProperty("celador.compile-cache.seed", "");
            shared = where.isBlank() || where.equals("none") ? new CelEnvironment()
                    : CelEnvironment.withCompileCache(Path.of(where), seed.isBlank() ? null : Path.of(seed));
        }
        return shared;
    }

    /** Writes the compile cache of the environment this process used, if it used one; a failed write costs only time. */
    static synchronized void save() {
        if (shared != null) {
            try {
                shared.saveCompileCache();
            } catch (IOException | RuntimeException e) {
                // The next command compiles again; nothing else depends on the file.
            }
        }
    }
}
