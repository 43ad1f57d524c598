package dev.celador.ops;

import dev.celador.view.ClusterView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the cluster caches have listed what the policies look up. */
@Readiness
@ApplicationScoped
public class ClusterSyncReadinessCheck implements HealthCheck {

    @Inject
    ClusterView view;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster-cache").status(view.isSynced()).build();
    }
}
