package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.cel.CelEnvironment;
import dev.celador.cluster.BenchItemStore;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * resource.List over 10,000 cached Services (100 namespaces) held in the informer's own store,
 * the webhook's cache: a StatefulSet CREATE checked by one policy that finds its governing
 * Service through resource.Get (baseline), through resource.List of its namespace (100
 * Services), or of every namespace (10,000).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ListBench {

    public static final int SERVICES = 10_000;

    @Param({"get", "list-namespace", "list-all"})
    public String lookup;

    private Path dir;
    private Engine engine;
    private AdmissionReviewCodec codec;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String expression = switch (lookup) {
            case "get" -> "resource.Get('v1', 'services', object.metadata.namespace, object.spec.serviceName) != null";
            case "list-namespace" -> "resource.List('v1', 'services', object.metadata.namespace).items"
                    + ".exists(s, s.metadata.name == object.spec.serviceName)";
            case "list-all" -> "resource.List('v1', 'services', '').items"
                    + ".exists(s, s.metadata.namespace == object.metadata.namespace && s.metadata.name == object.spec.serviceName)";
            default -> throw new IllegalArgumentException(lookup);
        };
        dir = Files.createTempDirectory("celador-list-");
        Files.writeString(dir.resolve("policy.yaml"), """
                apiVersion: celador.dev/v1alpha1
                kind: ValidatingPolicy
                metadata: {name: statefulset-service-exists}
                spec:
                  matchConstraints:
                    resourceRules: [{apiGroups: [apps], apiVersions: [v1], resources: [statefulsets], operations: [CREATE]}]
                  validations:
                    - expression: "%s"
                      message: the governing Service must exist
                """.formatted(expression));
        PolicySnapshot snapshot = new PolicySnapshot(new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(dir))));
        engine = new Engine(new PolicyRegistry(snapshot), new StoreView(fill()));
        codec = new AdmissionReviewCodec();
        ObjectMapper json = new ObjectMapper();
        JsonNode review = json.readTree(BenchReviews.body("sts-create"));
        ObjectNode request = (ObjectNode) review.get("request");
        request.put("namespace", "ns-7");
        ((ObjectNode) request.path("object").path("metadata")).put("namespace", "ns-7");
        ((ObjectNode) request.path("object").path("spec")).put("serviceName", "app-7");
        body = json.writeValueAsString(review).getBytes(StandardCharsets.UTF_8);
        String verdict = codec.write(engine.validate(codec.read(body))).toString();
        if (!verdict.contains("\"allowed\":true")) {
            throw new IllegalStateException("the lookup policy should allow: " + verdict);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ScalePolicies.delete(dir);
    }

    private static BenchItemStore fill() {
        BenchItemStore store = new BenchItemStore(new KubernetesSerialization(), false);
        for (int i = 0; i < SERVICES; i++) {
            GenericKubernetesResource r = ClusterCacheBench.service(i);
            store.put(store.keyOf(r), r);
        }
        return store;
    }

    @Benchmark
    public void validate(Blackhole bh) {
        bh.consume(codec.write(engine.validate(codec.read(body))));
    }

    /** A ClusterView over the store, reading it as InformerClusterView does (Services only). */
    private record StoreView(BenchItemStore store) implements ClusterView {

        @Override
        public Optional<JsonNode> get(ObjectKey key) {
            return key.kind().equals("Service") ? Optional.ofNullable(store.get(key.namespace(), key.name())) : Optional.empty();
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace) {
            if (!kind.equals("Service")) {
                return List.of();
            }
            return namespace == null || namespace.isEmpty() ? store.listAll() : store.listNamespace(namespace);
        }

        @Override
        public Optional<String> kindOf(String apiVersion, String resource) {
            return resource.equals("services") ? Optional.of("Service") : Optional.empty();
        }

        @Override
        public boolean isNamespaced(String apiVersion, String kind) {
            return !kind.equals("Namespace");
        }
    }
}
