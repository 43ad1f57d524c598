package dev.celador.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit lists a kind in pages (limit and continue), hands over each object with its
 * apiVersion and kind as it is parsed and each page's end before it asks for the next, and a kind it may not list fails with the
 * API server's status code.
 */
@EnableKubernetesMockClient
class AuditFeedTest {

    KubernetesMockServer server;
    KubernetesClient client;

    private static final WatchedKind STATEFULSETS = new WatchedKind("apps/v1", "StatefulSet", "statefulsets", true);

    private static String page(String resourceVersion, String next, String... names) {
        StringBuilder items = new StringBuilder();
        for (String name : names) {
            items.append(items.length() == 0 ? "" : ",")
                    .append("{\"metadata\":{\"name\":\"").append(name).append("\",\"namespace\":\"shop\"},\"spec\":{\"replicas\":3}}");
        }
        return "{\"kind\":\"StatefulSetList\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\""
                + (next == null ? "" : ",\"continue\":\"" + next + "\"") + "},\"items\":[" + items + "]}";
    }

    @Test
    void aKindIsListedPageByPageAndEachObjectCarriesItsKind() throws Exception {
        server.expect().get().withPath("/apis/apps/v1/statefulsets?limit=2").andReturn(200, page("41", "token/1=", "a", "b")).once();
        server.expect().get().withPath("/apis/apps/v1/statefulsets?limit=2&continue=token%2F1%3D").andReturn(200, page("41", null, "c")).once();
        List<List<String>> pages = new ArrayList<>();
        List<String> page = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();

        String resourceVersion = new AuditFeed(client, 2).list(STATEFULSETS, o -> {
            page.add(o.path("metadata").path("name").asText());
            objects.add(o);
        }, () -> {
            pages.add(List.copyOf(page));
            page.clear();
        });

        assertThat(pages).containsExactly(List.of("a", "b"), List.of("c"));
        assertThat(resourceVersion).isEqualTo("41");
        assertThat(objects).allSatisfy(o -> {
            assertThat(o.path("apiVersion").asText()).isEqualTo("apps/v1");
            assertThat(o.path("kind").asText()).isEqualTo("StatefulSet");
            assertThat(o.path("spec").path("replicas").intValue()).isEqualTo(3);
        });
        RecordedRequest first = server.takeRequest();
        RecordedRequest second = server.takeRequest();
        assertThat(first.getPath()).isEqualTo("/apis/apps/v1/statefulsets?limit=2");
        assertThat(second.getPath()).isEqualTo("/apis/apps/v1/statefulsets?limit=2&continue=token%2F1%3D");
    }

    @Test
    void aCoreKindIsListedUnderApi() {
        server.expect().get().withPath("/api/v1/services?limit=500").andReturn(200,
                "{\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[{\"metadata\":{\"name\":\"db\",\"namespace\":\"shop\"}}]}").once();
        List<JsonNode> objects = new ArrayList<>();

        new AuditFeed(client, 500).list(new WatchedKind("v1", "Service", "services", true), objects::add, () -> { });

        assertThat(objects).singleElement().satisfies(o -> assertThat(o.path("kind").asText()).isEqualTo("Service"));
    }

    @Test
    void aKindThatMayNotBeListedFailsWithTheStatusCode() {
        server.expect().get().withPath("/apis/apps/v1/statefulsets?limit=500").andReturn(403,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Forbidden\",\"code\":403}").once();

        assertThatThrownBy(() -> new AuditFeed(client, 500).list(STATEFULSETS, o -> { }, () -> { }))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
