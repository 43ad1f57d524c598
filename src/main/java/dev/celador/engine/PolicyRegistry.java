package dev.celador.engine;

import java.util.concurrent.atomic.AtomicReference;

/** Holds the active policy set; a reload replaces it whole, so a request sees one set or the other. */
public final class PolicyRegistry {

    private final AtomicReference<PolicySnapshot> current;

    public PolicyRegistry(PolicySnapshot initial) {
        this.current = new AtomicReference<>(initial);
    }

    public PolicySnapshot current() {
        return current.get();
    }

    public void replace(PolicySnapshot snapshot) {
        current.set(snapshot);
    }
}
