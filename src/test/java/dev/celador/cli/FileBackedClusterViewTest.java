package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view check and audit keep for lookups, its objects in a temporary file, finds exactly what a
 * StaticClusterView of the same objects finds, and leaves nothing behind.
 */
class FileBackedClusterViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode yaml(String text) throws Exception {
        return new YAMLMapper().readTree(text);
    }

    private FileBackedClusterView.Builder builder() {
        return new FileBackedClusterView.Builder(dir);
    }

    @Test
    void answersGetListAndScopeAsTheStaticViewOfTheWholeObjects() throws Exception {
        List<JsonNode> objects = List.of(
                yaml("{apiVersion: v1, kind: Service, metadata: {name: db, namespace: shop}, spec: {clusterIP: None, ports: [{port: 5432}]}}"),
                yaml("{apiVersion: v1, kind: Service, metadata: {name: db}, spec: {clusterIP: 10.0.0.1}}"),
                yaml("{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: fast}, allowVolumeExpansion: true}"),
                yaml("{apiVersion: v1, kind: Namespace, metadata: {name: shop, labels: {team: a}}}"));
        try (FileBackedClusterView.Builder builder = builder()) {
            objects.forEach(builder::add);
            FileBackedClusterView view = builder.seal();
            StaticClusterView whole = new StaticClusterView(objects);

            ObjectKey shopDb = ObjectKey.of("v1", "Service", "shop", "db");
            ObjectKey defaultDb = ObjectKey.of("v1", "Service", "default", "db");
            assertThat(view.get(shopDb)).isEqualTo(whole.get(shopDb)).get().extracting(o -> o.path("spec").path("clusterIP").asText())
                    .isEqualTo("None");
            assertThat(view.get(defaultDb)).isEqualTo(whole.get(defaultDb)).isPresent();
            assertThat(view.get(ObjectKey.of("v1", "Service", "shop", "cache"))).isEmpty();
            assertThat(view.list("v1", "Service", "shop")).isEqualTo(whole.list("v1", "Service", "shop")).hasSize(1);
            assertThat(view.list("v1", "Service", "")).isEqualTo(whole.list("v1", "Service", "")).hasSize(2);
            assertThat(view.namespace("shop")).isEqualTo(whole.namespace("shop"));
            assertThat(view.isNamespaced("storage.k8s.io/v1", "StorageClass")).isFalse();
            assertThat(view.kindOf("storage.k8s.io/v1", "storageclasses")).contains("StorageClass");
        }
    }

    /**
     * Generated inventories with what makes filing subtle: objects given twice (the later wins and
     * moves to the end of the list), namespaced objects without a namespace, custom kinds seen only
     * without one (cluster-scoped), a cluster-scoped kind written with a namespace, objects without
     * a name, names beyond ASCII. Every get, list, kindOf and isNamespaced must equal the static view's, order included.
     */
    @Test
    void answersEveryLookupAsTheStaticView_onGeneratedInventoriesWithDuplicatesAndMixedScopes() throws Exception {
        List<String[]> kinds = List.of(new String[] {"v1", "Service"}, new String[] {"v1", "ConfigMap"},
                new String[] {"apps/v1", "StatefulSet"}, new String[] {"storage.k8s.io/v1", "StorageClass"},
                new String[] {"example.com/v1", "Widget"}, new String[] {"example.com/v1", "Gadget"},
                new String[] {"example.com/v1", "Gizmo"});
        List<String> namespaces = List.of("", "default", "shop", "billing");
        List<String> names = new ArrayList<>(List.of("é", "z", "Ω", "日本", "\uD83D\uDE00", "\uFB01", "a-b"));
        for (int n = 0; n < 20; n++) {
            names.add("n" + n);
        }
        for (int seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<JsonNode> objects = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                String[] kind = kinds.get(random.nextInt(kinds.size()));
                String namespace = switch (kind[1]) {
                    case "Widget" -> ""; // only ever without a namespace: cluster-scoped
                    case "Gadget" -> i % 2 == 0 ? "" : "shop"; // both: namespaced
                    default -> namespaces.get(random.nextInt(namespaces.size()));
                };
                ObjectNode o = JSON.createObjectNode().put("apiVersion", kind[0]).put("kind", kind[1]);
                ObjectNode metadata = o.putObject("metadata");
                if (random.nextInt(40) != 0) {
                    metadata.put("name", names.get(random.nextInt(names.size())));
                }
                if (!namespace.isEmpty()) {
                    metadata.put("namespace", namespace);
                }
                o.put("seq", i);
                objects.add(o);
            }
            try (FileBackedClusterView.Builder builder = builder()) {
                objects.forEach(builder::add);
                FileBackedClusterView view = builder.seal();
                StaticClusterView whole = new StaticClusterView(objects);
                for (String[] kind : kinds) {
                    assertThat(view.isNamespaced(kind[0], kind[1])).as("seed %d %s", seed, kind[1])
                            .isEqualTo(whole.isNamespaced(kind[0], kind[1]));
                    for (String namespace : Stream.concat(namespaces.stream(), Stream.of((String) null, "elsewhere")).toList()) {
                        assertThat(view.list(kind[0], kind[1], namespace)).as("seed %d list %s in %s", seed, kind[1], namespace)
                                .isEqualTo(whole.list(kind[0], kind[1], namespace));
                        for (String name : Stream.concat(names.stream(), Stream.of("missing")).toList()) {
                            ObjectKey key = new ObjectKey(kind[0], kind[1], namespace, name);
                            assertThat(view.get(key)).as("seed %d get %s", seed, key).isEqualTo(whole.get(key));
                        }
                        assertThat(view.list(kind[0], kind[1], namespace)).as("seed %d list %s in %s again", seed, kind[1], namespace)
                                .isEqualTo(whole.list(kind[0], kind[1], namespace));
                    }
                }
                for (String resource : List.of("widgets", "gadgets", "gizmos", "services", "unknowns")) {
                    assertThat(view.kindOf("example.com/v1", resource)).isEqualTo(whole.kindOf("example.com/v1", resource));
                }
            }
        }
    }

    @Test
    void returnsTheSameObject_whenLookedUpAfterThousandsOfOthersWereAdded() throws Exception {
        JsonNode first = yaml("""
                {apiVersion: v1, kind: Service, metadata: {name: db, namespace: shop, labels: {app: db}},
                 spec: {clusterIP: None, selector: {app: db}, ports: [{name: pg, port: 5432, targetPort: 5432}]}}""");
        try (FileBackedClusterView.Builder builder = builder()) {
            builder.add(first);
            for (int i = 0; i < 5000; i++) {
                builder.add(yaml("{apiVersion: v1, kind: Service, metadata: {name: svc-" + i + ", namespace: team-" + i % 50
                        + "}, spec: {ports: [{port: " + (1000 + i) + "}]}}"));
            }
            FileBackedClusterView view = builder.seal();

            assertThat(view.get(ObjectKey.of("v1", "Service", "shop", "db"))).contains(first);
            // every other object read once, well past what stays parsed, then the first again from the file
            assertThat(view.list("v1", "Service", null)).hasSize(5001).last()
                    .extracting(o -> o.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(5999);
            assertThat(view.get(ObjectKey.of("v1", "Service", "team-7", "svc-4957")).orElseThrow().path("spec").path("ports").get(0)
                    .path("port").asInt()).isEqualTo(5957);
            assertThat(view.get(ObjectKey.of("v1", "Service", "shop", "db"))).contains(first);
            assertThat(view.list("v1", "Service", "shop")).containsExactly(first);
        }
    }

    @Test
    void keepsSecretsWithoutTheirValues_asTheClustersCachesDo() throws Exception {
        try (FileBackedClusterView.Builder builder = builder()) {
            builder.add(yaml("{apiVersion: v1, kind: Secret, metadata: {name: creds, namespace: shop}, type: Opaque,"
                    + " data: {password: aHVudGVyMg==}, stringData: {user: admin}}"));
            JsonNode secret = builder.seal().get(ObjectKey.of("v1", "Secret", "shop", "creds")).orElseThrow();

            assertThat(secret.has("data")).isFalse();
            assertThat(secret.has("stringData")).isFalse();
            assertThat(secret.path("type").asText()).isEqualTo("Opaque");
        }
    }

    @Test
    void leavesNoFileBehind_onceClosed() throws Exception {
        try (FileBackedClusterView.Builder builder = builder()) {
            builder.add(yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: params, namespace: shop}, data: {mode: strict}}"));
            FileBackedClusterView view = builder.seal();
            assertThat(view.list("v1", "ConfigMap", "shop")).hasSize(1);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void createsItsFileReadableAndWritableByItsOwnerOnly() throws Exception {
        Path file = FileBackedClusterView.createOwnerOnly(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void failsWithAnErrorNamingTheDirectory_whenTheTemporaryDirectoryIsMissingOrNotADirectory() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> new FileBackedClusterView.Builder(missing))
                .isInstanceOf(FileBackedClusterView.Unavailable.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("no such directory")
                .hasMessageContaining("-Djava.io.tmpdir=");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThatThrownBy(() -> new FileBackedClusterView.Builder(file))
                .isInstanceOf(FileBackedClusterView.Unavailable.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("Not a directory");
    }

    @Test
    void checkAndAuditExitWithBadInputAndSayWhy_whenTheTemporaryDirectoryIsMissing() {
        String tmpdir = System.getProperty("java.io.tmpdir");
        Path missing = dir.resolve("gone");
        System.setProperty("java.io.tmpdir", missing.toString());
        CliRun check;
        CliRun audit;
        try {
            check = CliRun.of("check", "--policies", "policies/statefulset-headless-service", "--resources", "examples/postgres/bad");
            // a second directory: the first run's compile cache may have made the first
            System.setProperty("java.io.tmpdir", missing.resolve("audit").toString());
            audit = CliRun.of("audit", "--policies", "policies/statefulset-headless-service", "--cluster-state",
                    "src/test/resources/cli-audit/dump");
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.err()).contains("celador check: cannot create a file in the temporary directory " + missing)
                .contains("no such directory").doesNotContain("Exception");
        assertThat(audit.exit()).isEqualTo(2);
        assertThat(audit.err()).contains("celador audit: cannot create a file in the temporary directory " + missing.resolve("audit"))
                .doesNotContain("Exception");
    }
}
