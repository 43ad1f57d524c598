package dev.celador.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.ReviewFixtures;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The webhook against an API server (the mock server in CRUD mode): lookups, namespace selectors
 * and params served from informer caches, and what changes when the cluster changes.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ClusterLookupsWebhookTest.ClusterPolicies.class)
class ClusterLookupsWebhookTest {

    /** Serves the cluster test tree with the cluster view on. */
    public static final class ClusterPolicies implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("celador.policies", "src/test/resources/cluster/policies", "celador.cluster.enabled", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The application's client, pointed at the mock server. */
    @Inject
    KubernetesClient client;

    @Inject
    ClusterView view;

    private KubernetesClient kube() {
        return client;
    }

    /** Waits until the view's cache holds a state of the object that satisfies the condition. */
    private void awaitCached(ObjectKey key, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (view.get(key).filter(condition).isPresent()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the cache never saw " + key);
    }

    private void awaitCached(ObjectKey key) throws InterruptedException {
        awaitCached(key, o -> true);
    }

    private static ValidatableResponse post(ObjectNode request) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        review.set("request", request);
        return given().contentType(ContentType.JSON).body(review.toString()).when().post("/validate").then().statusCode(200);
    }

    private static ObjectNode statefulSet(String namespace, String name, String serviceName) {
        ObjectNode sts = JSON.createObjectNode().put("apiVersion", "apps/v1").put("kind", "StatefulSet");
        sts.putObject("metadata").put("name", name).put("namespace", namespace);
        sts.putObject("spec").put("serviceName", serviceName);
        return sts;
    }

    private void createService(String namespace, String name, String clusterIp) throws InterruptedException {
        kube().services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withClusterIP(clusterIp).addToSelector("app", name).endSpec().build()).create();
        awaitCached(ObjectKey.of("v1", "Service", namespace, name));
    }

    @Test
    void deniesStatefulSetWhoseServiceDoesNotExist() {
        post(ReviewFixtures.createRequest(statefulSet("shop", "orders", "orders-headless")))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString(
                        "StatefulSet orders names Service orders-headless, which does not exist in namespace shop"));
    }

    @Test
    void allowsStatefulSetWithHeadlessService_andDeniesWithClusterIpService() throws Exception {
        createService("shop", "db-headless", "None");
        createService("shop", "db-clusterip", "10.96.0.12");

        post(ReviewFixtures.createRequest(statefulSet("shop", "db", "db-headless"))).body("response.allowed", equalTo(true));
        post(ReviewFixtures.createRequest(statefulSet("shop", "db", "db-clusterip")))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("Service db-clusterip is not headless: set spec.clusterIP to None"));
    }

    @Test
    void pvcGrowthFollowsItsStorageClass_includingAnUpdateTheCacheSawLater() throws Exception {
        kube().storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("expandable").endMetadata()
                .withProvisioner("csi.example.com").withAllowVolumeExpansion(true).build()).create();
        kube().storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("fixed").endMetadata()
                .withProvisioner("csi.example.com").withAllowVolumeExpansion(false).build()).create();
        awaitCached(ObjectKey.of("storage.k8s.io/v1", "StorageClass", null, "expandable"));
        awaitCached(ObjectKey.of("storage.k8s.io/v1", "StorageClass", null, "fixed"));

        post(pvcResize("expandable")).body("response.allowed", equalTo(true));
        post(pvcResize("fixed"))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("StorageClass fixed does not allow volume expansion"));

        kube().storage().v1().storageClasses().withName("fixed").edit(sc -> {
            sc.setAllowVolumeExpansion(true);
            return sc;
        });
        awaitCached(ObjectKey.of("storage.k8s.io/v1", "StorageClass", null, "fixed"),
                sc -> sc.path("allowVolumeExpansion").asBoolean(false));
        post(pvcResize("fixed")).body("response.allowed", equalTo(true));
    }

    private static ObjectNode pvcResize(String storageClass) {
        ObjectNode old = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "PersistentVolumeClaim");
        old.putObject("metadata").put("name", "data-db-0").put("namespace", "shop");
        ObjectNode spec = old.putObject("spec").put("storageClassName", storageClass);
        spec.putObject("resources").putObject("requests").put("storage", "10Gi");
        ObjectNode grown = old.deepCopy();
        ((ObjectNode) grown.path("spec").path("resources").path("requests")).put("storage", "20Gi");
        ObjectNode request = ReviewFixtures.createRequest(grown);
        request.put("operation", "UPDATE");
        request.set("oldObject", old);
        return request;
    }

    @Test
    void namespaceSelectorReadsNamespaceLabelsFromTheCluster() throws Exception {
        kube().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("payments").addToLabels("env", "prod")
                .endMetadata().build()).create();
        kube().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("sandbox").addToLabels("env", "dev")
                .endMetadata().build()).create();
        awaitCached(ObjectKey.of("v1", "Namespace", null, "payments"));
        awaitCached(ObjectKey.of("v1", "Namespace", null, "sandbox"));

        post(ReviewFixtures.createRequest(configMap("payments")))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("ConfigMap in payments (env=prod) needs an owner label"));
        post(ReviewFixtures.createRequest(configMap("sandbox"))).body("response.allowed", equalTo(true));
    }

    private static ObjectNode configMap(String namespace) {
        ObjectNode cm = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
        cm.putObject("metadata").put("name", "settings").put("namespace", namespace);
        return cm;
    }

    @Test
    void paramsComeFromAConfigMapInTheCluster() throws Exception {
        ObjectNode service = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
        service.putObject("metadata").put("name", "web").put("namespace", "shop");
        service.putObject("spec").putArray("ports").add(JSON.createObjectNode().put("port", 80))
                .add(JSON.createObjectNode().put("port", 443));

        post(ReviewFixtures.createRequest(service))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("no params found"));

        kube().configMaps().inNamespace("celador").resource(new ConfigMapBuilder().withNewMetadata().withName("celador-limits")
                .endMetadata().addToData("maxPorts", "1").build()).create();
        awaitCached(ObjectKey.of("v1", "ConfigMap", "celador", "celador-limits"));

        post(ReviewFixtures.createRequest(service))
                .body("response.allowed", equalTo(false))
                .body("response.status.message", containsString("Service exposes 2 ports; at most 1 allowed"));
    }

    @Test
    void cachesSecretsWithoutTheirValues() throws Exception {
        kube().secrets().inNamespace("shop").resource(new SecretBuilder().withNewMetadata().withName("registry-login").endMetadata()
                .addToData("token", "c3VwZXItc2VjcmV0LXRva2Vu").addToStringData("password", "plain-secret-password").build()).create();
        ObjectKey key = ObjectKey.of("v1", "Secret", "shop", "registry-login");
        awaitCached(key);

        JsonNode cached = view.get(key).orElseThrow();
        assertThat(cached.path("metadata").path("name").asText()).isEqualTo("registry-login");
        assertThat(cached.has("data")).isFalse();
        assertThat(cached.has("stringData")).isFalse();
        assertThat(cached.toString()).doesNotContain("c3VwZXItc2VjcmV0LXRva2Vu").doesNotContain("plain-secret-password");
    }

    @Test
    void readinessIsUpOnceTheCachesHaveSynced() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'cluster-cache' }.status", equalTo("UP"));
        assertThat(view.isSynced()).isTrue();
        assertThat(((InformerClusterView) view).isWatching("storage.k8s.io/v1", "StorageClass")).isTrue();
        assertThat(((InformerClusterView) view).isWatching("v1", "ConfigMap")).isTrue();
    }

    @Inject
    io.vertx.core.Vertx serverVertx;

    /**
     * A client turns responses into objects on the event loop that received them: the caches' and
     * the audit's reads happen on an event loop of their own, never on one that serves webhook requests.
     */
    @Test
    void theClusterIsReadOnAnEventLoopOfItsOwnNotOnTheWebhooks() throws Exception {
        KubernetesClient own = ((InformerClusterView) view).client();
        io.fabric8.kubernetes.client.http.HttpClient http = own.getHttpClient();
        java.util.concurrent.CompletableFuture<io.vertx.core.Context> receivedOn = new java.util.concurrent.CompletableFuture<>();

        var response = http.consumeBytes(http.newHttpRequestBuilder().uri(own.getMasterUrl() + "api/v1/namespaces").build(), (buffers, body) -> {
            receivedOn.complete(io.vertx.core.Vertx.currentContext());
            body.consume();
        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        response.body().consume();

        io.vertx.core.Context context = receivedOn.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(context).as("read on a Vert.x event loop").isNotNull();
        assertThat(context.owner()).isNotSameAs(serverVertx);
        assertThat(own).isNotSameAs(client);
    }
}
