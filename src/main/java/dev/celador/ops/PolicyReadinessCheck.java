package dev.celador.ops;

import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the first policy load is running (it overlaps the server's boot), UP once a set is
 * active; reports how many policies are active and how many problems were found.
 */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {

    @Inject
    PolicyRegistry registry;

    @Override
    public HealthCheckResponse call() {
        PolicySnapshot snapshot = registry.current();
        return HealthCheckResponse.named("policies")
                .status(snapshot != null)
                .withData("state", snapshot == null ? "loading" : "loaded")
                .withData("loaded", snapshot == null ? 0 : snapshot.policies().size())
                .withData("mutating", snapshot == null ? 0 : snapshot.mutatingPolicies().size())
                .withData("problems", snapshot == null ? 0 : snapshot.problems().size())
                .build();
    }
}
