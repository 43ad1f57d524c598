package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact view check keeps for lookups finds exactly what a StaticClusterView of the same objects finds. */
class CompactClusterViewTest {

    private static JsonNode yaml(String text) throws Exception {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void answersGetListAndScopeAsTheStaticViewOfTheWholeObjects() throws Exception {
        List<JsonNode> objects = List.of(
                yaml("{apiVersion: v1, kind: Service, metadata: {name: db, namespace: shop}, spec: {clusterIP: None, ports: [{port: 5432}]}}"),
                yaml("{apiVersion: v1, kind: Service, metadata: {name: db}, spec: {clusterIP: 10.0.0.1}}"),
                yaml("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}, allowVolumeExpansion: true}"),
                yaml("{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: a}}}"));
        CompactClusterView.Builder builder = new CompactClusterView.Builder();
        objects.forEach(builder::add);
        CompactClusterView compact = builder.seal();
        StaticClusterView whole = new StaticClusterView(objects);

        ObjectKey shopDb = ObjectKey.of("v1", "Service", "shop", "db");
        ObjectKey defaultDb = ObjectKey.of("v1", "Service", "default", "db");
        assertThat(compact.get(shopDb)).isEqualTo(whole.get(shopDb)).get().extracting(o -> o.path("spec").path("clusterIP").asText())
                .isEqualTo("None");
        assertThat(compact.get(defaultDb)).isEqualTo(whole.get(defaultDb)).isPresent();
        assertThat(compact.get(ObjectKey.of("v1", "Service", "shop", "cache"))).isEmpty();
        assertThat(compact.list("v1", "Service", "shop")).isEqualTo(whole.list("v1", "Service", "shop")).hasSize(1);
        assertThat(compact.list("v1", "Service", "")).containsExactlyInAnyOrderElementsOf(whole.list("v1", "Service", ""));
        assertThat(compact.namespace("shop")).isEqualTo(whole.namespace("shop"));
        assertThat(compact.isNamespaced("storage.k8s.io/v1", "StorageClass")).isFalse();
        assertThat(compact.kindOf("storage.k8s.io/v1", "storageclasses")).contains("StorageClass");
    }
}
