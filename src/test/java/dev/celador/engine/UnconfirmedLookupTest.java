package dev.celador.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.ClusterView;
import dev.celador.view.Lookup;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lookup that missed its cache, on a thread that may not wait for the API server, leaves the
 * verdict open (the webhook then runs the request where it may wait), never a wrong answer.
 */
class UnconfirmedLookupTest {

    /** A view whose cache lacks Service web, which the API server has. */
    private static final class CacheBehindTheApiServer implements ClusterView {
        final ClusterView apiServer;
        final AtomicInteger liveReads = new AtomicInteger();

        CacheBehindTheApiServer(JsonNode... objects) {
            this.apiServer = new StaticClusterView(List.of(objects));
        }

        @Override
        public Optional<JsonNode> get(ObjectKey key) {
            return Optional.empty();
        }

        @Override
        public Lookup lookUp(ObjectKey key, boolean mayBlock) {
            if (!mayBlock) {
                return Lookup.unconfirmedMiss();
            }
            liveReads.incrementAndGet();
            return Lookup.of(apiServer.get(key));
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace) {
            return List.of();
        }

        /** As a cache on its first listing: only the API server can say what the kind holds. */
        @Override
        public dev.celador.view.Listing listUp(String apiVersion, String kind, String namespace, boolean mayBlock) {
            if (!mayBlock) {
                return dev.celador.view.Listing.unconfirmedList();
            }
            liveReads.incrementAndGet();
            return dev.celador.view.Listing.of(apiServer.list(apiVersion, kind, namespace));
        }

        @Override
        public Optional<String> kindOf(String apiVersion, String resource) {
            return apiServer.kindOf(apiVersion, resource);
        }

        @Override
        public boolean isNamespaced(String apiVersion, String kind) {
            return apiServer.isNamespaced(apiVersion, kind);
        }
    }

    private static JsonNode service(String name) {
        ObjectNode svc = ReviewRequests.JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        svc.putObject("metadata").put("name", name).put("namespace", "shop");
        return svc;
    }

    private static AdmissionRequest statefulSet(String serviceName) {
        ObjectNode sts = ReviewRequests.JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "StatefulSet");
        sts.putObject("metadata").put("name", "db").put("namespace", "shop");
        sts.putObject("spec").put("serviceName", serviceName);
        return ReviewRequests.of("apps", "v1", "statefulsets", "StatefulSet").namespace("shop").name("db").object(sts).build();
    }

    private static Engine engine(ClusterView view) {
        return engine(view, "enforcement/service-must-exist.yaml");
    }

    private static Engine engine(ClusterView view, String policy) {
        return new Engine(new PolicyRegistry(new PolicySnapshot(new PolicyCompiler(new CelEnvironment()).compile(
                new PolicyLoader().load(List.of(PolicyTrees.path(policy)))))), view);
    }

    @Test
    void leavesTheVerdictOpen_whenAMissCannotBeConfirmedWithoutWaiting() {
        CacheBehindTheApiServer view = new CacheBehindTheApiServer(service("web"));

        assertThat(engine(view).validateWithoutWaiting(statefulSet("web"))).isNull();
        assertThat(engine(view).mutateWithoutWaiting(statefulSet("web"))).as("no mutating policy looks anything up").isNotNull();
    }

    @Test
    void seesTheObjectTheApiServerHas_whereItMayWait() {
        CacheBehindTheApiServer view = new CacheBehindTheApiServer(service("web"));

        AdmissionVerdict verdict = engine(view).validate(statefulSet("web"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(view.liveReads.get()).isEqualTo(1);
    }

    @Test
    void deniesWhenTheApiServerHasNoSuchObjectEither() {
        AdmissionVerdict verdict = engine(new CacheBehindTheApiServer(service("web"))).validate(statefulSet("other"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.message()).contains("no Service other");
    }

    @Test
    void aListTheCacheCannotAnswerYet_isLeftOpen_thenReadWhereItMayWait() {
        CacheBehindTheApiServer view = new CacheBehindTheApiServer(service("web"));
        Engine engine = engine(view, "enforcement/service-must-be-listed.yaml");

        assertThat(engine.validateWithoutWaiting(statefulSet("web"))).isNull();
        assertThat(engine.validate(statefulSet("web")).allowed()).isTrue();
        assertThat(engine.validate(statefulSet("other")).message()).contains("no Service other listed");
        assertThat(view.liveReads.get()).isEqualTo(2);
    }
}
