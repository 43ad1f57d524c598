package dev.celador.ops;

import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the first policy load is running (it overlaps the server's boot), UP once a set is
 * active; reports how many policies are active and how many problems were found. With
 * celador.strict (serve --strict) it also stays DOWN while the active set has any problem, for
 * teams that would rather fail closed than run with a policy that does not load.
 */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {

    @Inject
    PolicyRegistry registry;

    @ConfigProperty(name = "celador.strict", defaultValue = "false")
    boolean strict;

    @Override
    public HealthCheckResponse call() {
        PolicySnapshot snapshot = registry.current();
        boolean problems = snapshot != null && !snapshot.problems().isEmpty();
        return HealthCheckResponse.named("policies")
                .status(snapshot != null && !(strict && problems))
                .withData("state", snapshot == null ? "loading" : strict && problems ? "problems (strict)" : "loaded")
                .withData("strict", strict)
                .withData("loaded", snapshot == null ? 0 : snapshot.policies().size())
                .withData("mutating", snapshot == null ? 0 : snapshot.mutatingPolicies().size())
                .withData("problems", snapshot == null ? 0 : snapshot.problems().size())
                .build();
    }
}
