package dev.celador.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ClusterSyncReadinessCheckTest {

    private static final class SwitchableView implements ClusterView {
        boolean synced;

        @Override
        public Optional<JsonNode> get(ObjectKey key) {
            return Optional.empty();
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace) {
            return List.of();
        }

        @Override
        public Optional<String> kindOf(String apiVersion, String resource) {
            return Optional.empty();
        }

        @Override
        public boolean isNamespaced(String apiVersion, String kind) {
            return true;
        }

        @Override
        public boolean isSynced() {
            return synced;
        }
    }

    @Test
    void isDownUntilTheCachesSync_thenUp() {
        SwitchableView view = new SwitchableView();
        ClusterSyncReadinessCheck check = new ClusterSyncReadinessCheck();
        check.view = view;

        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        view.synced = true;
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
