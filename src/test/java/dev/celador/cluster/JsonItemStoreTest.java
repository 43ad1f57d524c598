package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The informer's store keeps objects as bytes and answers gets and lists as the API server holds them. */
class JsonItemStoreTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final JsonItemStore services = new JsonItemStore(SERIALIZATION, false);

    private static GenericKubernetesResource object(String kind, String namespace, String name, Map<String, Object> extra) {
        String json = "{\"apiVersion\":\"v1\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name + "\""
                + (namespace == null ? "" : ",\"namespace\":\"" + namespace + "\"")
                + ",\"managedFields\":[{\"manager\":\"kubectl\"}],\"resourceVersion\":\"7\"}}";
        GenericKubernetesResource r = SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
        extra.forEach(r::setAdditionalProperty);
        return r;
    }

    private void put(JsonItemStore store, GenericKubernetesResource r) {
        store.put(store.getKey(r), r);
    }

    private static List<String> names(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("metadata").path("name").asText()).sorted().toList();
    }

    @Test
    void aServiceReadBackHasItsFieldsAndNoManagedFields() {
        put(services, object("Service", "shop", "db", Map.of("spec", Map.of("clusterIP", "None", "ports", List.of(Map.of("port", 5432))))));

        JsonNode db = services.json("shop/db");

        assertThat(db.path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(db.path("spec").path("ports").get(0).path("port").intValue()).isEqualTo(5432);
        assertThat(db.path("metadata").has("managedFields")).isFalse();
        assertThat(services.json("shop/other")).isNull();
        assertThat(services.get("shop/db").getMetadata().getResourceVersion()).isEqualTo("7");
    }

    @Test
    void whatFabric8ReadsBackIsEachObjectsIdentityNotItsContent() {
        put(services, object("Service", "shop", "db", Map.of("spec", Map.of("clusterIP", "None"))));

        GenericKubernetesResource back = services.get("shop/db");
        GenericKubernetesResource old = services.put("shop/db", object("Service", "shop", "db", Map.of()));

        for (GenericKubernetesResource r : List.of(back, old, services.values().findFirst().orElseThrow())) {
            assertThat(r.getKind()).isEqualTo("Service");
            assertThat(services.getKey(r)).isEqualTo("shop/db");
            assertThat(r.getMetadata().getResourceVersion()).isEqualTo("7");
            assertThat(r.getAdditionalProperties()).doesNotContainKey("spec");
        }
        assertThat(services.remove("shop/db").getMetadata().getName()).isEqualTo("db");
        assertThat(services.get("shop/db")).isNull();
    }

    @Test
    void eachGetIsATreeOfItsOwnSoACallerCannotChangeTheCache() {
        put(services, object("Service", "shop", "db", Map.of("spec", Map.of("clusterIP", "None"))));

        ((ObjectNode) services.json("shop/db").path("spec")).put("clusterIP", "10.0.0.1");

        assertThat(services.json("shop/db").path("spec").path("clusterIP").asText()).isEqualTo("None");
    }

    @Test
    void aNamespaceListSeesEveryChangeInThatNamespace() {
        put(services, object("Service", "shop", "a", Map.of()));
        put(services, object("Service", "shop", "b", Map.of()));
        put(services, object("Service", "bank", "c", Map.of()));
        assertThat(names(services.inNamespace("shop").toList())).containsExactly("a", "b");

        put(services, object("Service", "shop", "d", Map.of()));
        assertThat(names(services.inNamespace("shop").toList())).containsExactly("a", "b", "d");

        services.remove("shop/a");
        assertThat(names(services.inNamespace("shop").toList())).containsExactly("b", "d");
        assertThat(names(services.inNamespace("bank").toList())).containsExactly("c");
        assertThat(names(services.all().toList())).containsExactly("b", "c", "d");
        assertThat(services.inNamespace("nowhere")).isEmpty();
    }

    @Test
    void anUpdatedObjectIsListedWithItsNewContent() {
        put(services, object("Service", "shop", "db", Map.of("spec", Map.of("clusterIP", "10.0.0.1"))));
        assertThat(services.inNamespace("shop").toList().get(0).path("spec").path("clusterIP").asText()).isEqualTo("10.0.0.1");

        put(services, object("Service", "shop", "db", Map.of("spec", Map.of("clusterIP", "None"))));

        assertThat(services.inNamespace("shop").toList()).hasSize(1);
        assertThat(services.inNamespace("shop").toList().get(0).path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(services.all().toList().get(0).path("spec").path("clusterIP").asText()).isEqualTo("None");
        assertThat(services.size()).isEqualTo(1);
    }

    @Test
    void aNamespaceLargerThanAKeptListIsParsedAgainAndStillComplete() {
        int n = JsonItemStore.PARSED_OBJECTS + 5;
        for (int i = 0; i < n; i++) {
            put(services, object("Service", "big", "s-" + i, Map.of()));
        }
        assertThat(services.inNamespace("big").toList()).hasSize(n);
        services.remove("big/s-0");
        assertThat(services.inNamespace("big").toList()).hasSize(n - 1);
    }

    @Test
    void clusterScopedObjectsAreKeyedByName() {
        JsonItemStore classes = new JsonItemStore(SERIALIZATION, false);
        put(classes, object("StorageClass", null, "standard", Map.of("provisioner", "csi.example")));

        assertThat(classes.json("standard").path("provisioner").asText()).isEqualTo("csi.example");
        assertThat(names(classes.all().toList())).containsExactly("standard");
        classes.remove("standard");
        assertThat(classes.all()).isEmpty();
    }

    @Test
    void aSecretIsKeptWithoutItsValuesOrItsLastAppliedCopy() {
        JsonItemStore secrets = new JsonItemStore(SERIALIZATION, true);
        GenericKubernetesResource secret = object("Secret", "shop", "db-password",
                Map.of("data", Map.of("password", "aHVudGVyMg=="), "stringData", Map.of("user", "admin"), "type", "Opaque"));
        secret.getMetadata().setAnnotations(Map.of(JsonItemStore.LAST_APPLIED, "{\"data\":{\"password\":\"aHVudGVyMg==\"}}", "team", "db"));
        put(secrets, secret);

        JsonNode kept = secrets.json("shop/db-password");
        assertThat(kept.has("data")).isFalse();
        assertThat(kept.has("stringData")).isFalse();
        assertThat(kept.path("metadata").path("annotations").has(JsonItemStore.LAST_APPLIED)).isFalse();
        assertThat(kept.path("metadata").path("annotations").path("team").asText()).isEqualTo("db");
        assertThat(kept.toString()).doesNotContain("aHVudGVyMg==").doesNotContain("admin");
    }
}
