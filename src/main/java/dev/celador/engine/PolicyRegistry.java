package dev.celador.engine;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds the active policy set; a reload replaces it whole, so a request sees one set or the other.
 * The webhook creates it empty and fills it when the first load finishes (the load runs while the
 * server boots): until then {@link #current()} is null and the engine refuses every request.
 */
public final class PolicyRegistry {

    private final AtomicReference<PolicySnapshot> current;

    /** Not loaded yet: the engine refuses requests until the first {@link #replace}. */
    public PolicyRegistry() {
        this.current = new AtomicReference<>();
    }

    public PolicyRegistry(PolicySnapshot initial) {
        this.current = new AtomicReference<>(java.util.Objects.requireNonNull(initial, "initial"));
    }

    /** The active set, or null while the first load is still running. */
    public PolicySnapshot current() {
        return current.get();
    }

    public boolean isLoaded() {
        return current.get() != null;
    }

    public void replace(PolicySnapshot snapshot) {
        current.set(java.util.Objects.requireNonNull(snapshot, "snapshot"));
    }
}
