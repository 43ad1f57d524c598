package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cluster.BenchItemStore;
import dev.celador.cluster.InformerClusterView;
import dev.celador.cluster.WatchedKind;
import dev.celador.view.ObjectKey;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;
import java.util.logging.Level;

/**
 * Measures the cluster cache: heap retained per Service by {@code JsonItemStore} against the same
 * objects kept as fabric8 {@link GenericKubernetesResource}s (what fabric8's default store holds),
 * get/list time at 100, 1,000 and 10,000 cached Services, and optionally the informer path
 * against fabric8's mock server. Every figure is printed next to a baseline measured in the same
 * run, because the machine is shared and noisy: read the ratios, not the absolute numbers.
 * Not JMH: medians of rounds after warm-up, single thread.
 *
 * <p>Arguments: {@code --no-informer} skips the mock-server part.
 */
public final class ClusterCacheBench {

    private static final int SERVICES = 10_000;
    private static final int NAMESPACES = 100;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws Exception {
        boolean informer = !Arrays.asList(args).contains("--no-informer");
        // The mock server logs every request through java.util.logging; keep the output to the numbers.
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers()).forEach(h -> h.setLevel(Level.WARNING));
        System.out.printf("Services: %,d over %d namespaces; one Service is %,d bytes of JSON (with managedFields)%n%n",
                SERVICES, NAMESPACES, SERIALIZATION.asJson(service(0)).length());
        heap();
        lookups();
        if (informer) {
            informer();
        }
        // The mock server's Vert.x event loops are not daemon threads and outlive destroy().
        System.exit(0);
    }

    // ---------------------------------------------------------------- 1. retained heap

    private static void heap() throws InterruptedException {
        // Warm-up: load and initialise every class on the paths measured, so class init lands outside.
        Reference.reachabilityFence(fillStore(500));
        Reference.reachabilityFence(fillMap(500, false));

        long base = usedAfterGc();
        Map<String, GenericKubernetesResource> plain = fillMap(SERVICES, false);
        long plainBytes = usedAfterGc() - base;
        Reference.reachabilityFence(plain);
        plain = null;

        base = usedAfterGc();
        Map<String, GenericKubernetesResource> stripped = fillMap(SERVICES, true);
        long strippedBytes = usedAfterGc() - base;
        Reference.reachabilityFence(stripped);
        stripped = null;

        base = usedAfterGc();
        Map<String, JsonNode> trees = fillTrees(SERVICES);
        long treesBytes = usedAfterGc() - base;
        Reference.reachabilityFence(trees);
        trees = null;

        base = usedAfterGc();
        BenchItemStore store = fillStore(SERVICES);
        long storeBytes = usedAfterGc() - base;
        Reference.reachabilityFence(store);
        store = null;

        System.out.println("1. Retained heap, 10,000 Services (MemoryMXBean heap used after forced GCs, strong reference kept)");
        System.out.printf("   %-58s %10s %10s %8s%n", "held as", "B/Service", "total MiB", "vs base");
        heapRow("GenericKubernetesResource in a HashMap (baseline)", plainBytes, plainBytes);
        heapRow("GenericKubernetesResource, managedFields removed", strippedBytes, plainBytes);
        heapRow("JsonNode, managedFields removed, in a HashMap", treesBytes, plainBytes);
        heapRow("JsonItemStore (JsonNode, managedFields dropped, 2 indexes)", storeBytes, plainBytes);
        System.out.println();
    }

    private static void heapRow(String label, long bytes, long baseline) {
        System.out.printf("   %-58s %10d %10.1f %8.2f%n", label, bytes / SERVICES, bytes / 1024.0 / 1024.0,
                (double) bytes / baseline);
    }

    private static BenchItemStore fillStore(int count) {
        BenchItemStore store = new BenchItemStore(SERIALIZATION, false);
        for (int i = 0; i < count; i++) {
            GenericKubernetesResource r = service(i);
            store.put(store.keyOf(r), r);
        }
        return store;
    }

    private static Map<String, GenericKubernetesResource> fillMap(int count, boolean stripManagedFields) {
        Map<String, GenericKubernetesResource> map = new HashMap<>();
        for (int i = 0; i < count; i++) {
            GenericKubernetesResource r = service(i);
            if (stripManagedFields) {
                r.getMetadata().setManagedFields(null);
            }
            map.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r);
        }
        return map;
    }

    /** The store's representation without its indexes: the same conversion and stripping, one HashMap. */
    private static Map<String, JsonNode> fillTrees(int count) {
        Map<String, JsonNode> map = new HashMap<>();
        for (int i = 0; i < count; i++) {
            GenericKubernetesResource r = service(i);
            JsonNode json = SERIALIZATION.convertValue(r, JsonNode.class);
            ((ObjectNode) json.get("metadata")).remove("managedFields");
            map.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), json);
        }
        return map;
    }

    private static long usedAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    // ---------------------------------------------------------------- 2. get and list

    private static void lookups() {
        System.out.println("2. JsonItemStore lookups (median of 15 rounds after warm-up, single thread)");
        System.out.printf("   %-44s %10s %10s %10s %12s%n", "operation", "100", "1,000", "10,000", "10,000/100");
        int[] sizes = {100, 1_000, 10_000};
        double[] get = new double[sizes.length];
        double[] hotGet = new double[sizes.length];
        double[] mapGet = new double[sizes.length];
        double[] listOne = new double[sizes.length];
        double[] listAll = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            BenchItemStore store = fillStore(sizes[s]);
            String[][] keys = sampleKeys(sizes[s]);
            get[s] = micros(i -> store.get(keys[0][i & 4095], keys[1][i & 4095]) == null ? 0 : 1);
            hotGet[s] = micros(i -> store.get(keys[0][0], keys[1][0]) == null ? 0 : 1);
            Map<String, String> plain = new ConcurrentHashMap<>();
            for (int n = 0; n < sizes[s]; n++) {
                plain.put(namespaceOf(n) + "/" + nameOf(n), nameOf(n));
            }
            mapGet[s] = micros(i -> plain.get(keys[0][i & 4095] + "/" + keys[1][i & 4095]) == null ? 0 : 1);
            listOne[s] = micros(i -> store.listNamespace("ns-" + (i % NAMESPACES)).size());
            listAll[s] = micros(i -> store.listAll().size());
        }
        lookupRow("get(namespace/name), 4,096 random keys µs", get);
        lookupRow("get, one key repeated µs", hotGet);
        lookupRow("baseline: ConcurrentHashMap<String,String>.get µs", mapGet);
        lookupRow("list one namespace (N/100 objects) µs", listOne);
        lookupRow("list all namespaces µs", listAll);
        System.out.printf("   at 10,000: list all / list one namespace = %.0fx (100x the objects); "
                + "list one namespace / get = %.0fx (100 objects)%n%n", listAll[2] / listOne[2], listOne[2] / get[2]);
    }

    private static void lookupRow(String label, double[] micros) {
        System.out.printf("   %-44s %10.3f %10.3f %10.3f %12.2f%n", label, micros[0], micros[1], micros[2], micros[2] / micros[0]);
    }

    /** 4,096 (namespace, name) pairs drawn at random from the first {@code size} Services. */
    private static String[][] sampleKeys(int size) {
        Random random = new Random(42);
        String[][] keys = new String[2][4096];
        for (int i = 0; i < 4096; i++) {
            int n = random.nextInt(size);
            keys[0][i] = namespaceOf(n);
            keys[1][i] = nameOf(n);
        }
        return keys;
    }

    /**
     * Median µs per call of 15 rounds, after about a second of warm-up; each round runs for about
     * 20 ms so fast and slow operations are timed alike.
     */
    private static double micros(IntUnaryOperator op) {
        long sink = 0;
        int i = 0;
        long warmUpEnd = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            for (int k = 0; k < 100; k++) {
                sink += op.applyAsInt(i++);
            }
        }
        int perRound = 1;
        while (true) {
            long start = System.nanoTime();
            for (int k = 0; k < perRound; k++) {
                sink += op.applyAsInt(i++);
            }
            if (System.nanoTime() - start > 20_000_000L) {
                break;
            }
            perRound *= 2;
        }
        double[] rounds = new double[15];
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int k = 0; k < perRound; k++) {
                sink += op.applyAsInt(i++);
            }
            rounds[r] = (System.nanoTime() - start) / 1_000.0 / perRound;
        }
        if (sink == 42) {
            System.out.print("");
        }
        Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }

    // ---------------------------------------------------------------- 3. through the informer

    private static void informer() throws Exception {
        System.out.println("3. InformerClusterView against fabric8's mock server (CRUD mode, HTTP on localhost)");
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> created = new ArrayList<>();
                for (int i = 0; i < SERVICES; i++) {
                    GenericKubernetesResource r = service(i);
                    created.add(pool.submit(() -> client.resource(r).create()));
                }
                for (Future<?> f : created) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            System.out.printf("   created %,d Services in %.1f s (setup, not measured further)%n", SERVICES, seconds(start));

            // Baseline: one plain list of every Service over the same connection, warmed up once.
            client.services().inAnyNamespace().list();
            start = System.nanoTime();
            int listed = client.services().inAnyNamespace().list().getItems().size();
            double listSeconds = seconds(start);

            try (InformerClusterView view = new InformerClusterView(client)) {
                start = System.nanoTime();
                view.watch(Set.of(new WatchedKind("v1", "Service", "services", true)));
                while (!view.isSynced() || view.list("v1", "Service", "").size() < SERVICES) {
                    Thread.sleep(5);
                }
                double syncSeconds = seconds(start);
                System.out.printf("   plain client list of %,d Services (baseline): %.2f s%n", listed, listSeconds);
                System.out.printf("   watch() until isSynced() and %,d cached:     %.2f s (%.2fx the plain list)%n",
                        SERVICES, syncSeconds, syncSeconds / listSeconds);

                // Baseline timed in the same phase, with the informer's threads alive: the store alone.
                BenchItemStore store = fillStore(SERVICES);
                String[][] keys = sampleKeys(SERVICES);
                double[] storeAt10k = {
                    micros(i -> store.get(keys[0][i & 4095], keys[1][i & 4095]) == null ? 0 : 1),
                    micros(i -> store.listNamespace("ns-" + (i % NAMESPACES)).size()),
                    micros(i -> store.listAll().size())};
                double get = micros(i -> view.get(ObjectKey.of("v1", "Service", keys[0][i & 4095], keys[1][i & 4095]))
                        .isPresent() ? 1 : 0);
                double listOne = micros(i -> view.list("v1", "Service", "ns-" + (i % NAMESPACES)).size());
                double listAll = micros(i -> view.list("v1", "Service", "").size());
                JsonNode sample = view.get(ObjectKey.of("v1", "Service", namespaceOf(7), nameOf(7))).orElseThrow();
                System.out.printf("   %-44s %10s %14s %8s%n", "10,000 cached", "view µs", "store µs", "ratio");
                System.out.printf("   %-44s %10.3f %14.3f %8.2f%n", "get(ObjectKey)", get, storeAt10k[0], get / storeAt10k[0]);
                System.out.printf("   %-44s %10.3f %14.3f %8.2f%n", "list one namespace (100 objects)", listOne, storeAt10k[1],
                        listOne / storeAt10k[1]);
                System.out.printf("   %-44s %10.3f %14.3f %8.2f%n", "list all namespaces", listAll, storeAt10k[2],
                        listAll / storeAt10k[2]);
                System.out.printf("   cached object has managedFields: %s%n%n", sample.path("metadata").has("managedFields"));
            }
        } finally {
            server.destroy();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // ---------------------------------------------------------------- test data

    private static String namespaceOf(int i) {
        return "ns-" + (i % NAMESPACES);
    }

    private static String nameOf(int i) {
        return "app-" + i;
    }

    /**
     * Service number {@code i}, deserialised from its JSON as the informer receives it: Helm-style
     * labels and annotations, a selector, two ports, a clusterIP and one managedFields entry.
     */
    static GenericKubernetesResource service(int i) {
        String name = nameOf(i);
        String namespace = namespaceOf(i);
        String ip = "10.96." + (i / 250) + "." + (i % 250 + 1);
        String json = """
                {"apiVersion":"v1","kind":"Service",
                 "metadata":{"name":"%1$s","namespace":"%2$s","uid":"%3$s","resourceVersion":"%4$d",
                  "creationTimestamp":"2024-05-14T09:%5$02d:%6$02dZ",
                  "labels":{"app.kubernetes.io/name":"%1$s","app.kubernetes.io/instance":"%1$s-prod",
                   "app.kubernetes.io/part-of":"shop","app.kubernetes.io/managed-by":"Helm","team":"team-%7$d"},
                  "annotations":{"meta.helm.sh/release-name":"%1$s","meta.helm.sh/release-namespace":"%2$s",
                   "prometheus.io/scrape":"true","prometheus.io/port":"9090"},
                  "managedFields":[{"manager":"helm","operation":"Update","apiVersion":"v1",
                   "time":"2024-05-14T09:%5$02d:%6$02dZ","fieldsType":"FieldsV1","fieldsV1":{
                    "f:metadata":{"f:annotations":{".":{},"f:meta.helm.sh/release-name":{},
                      "f:meta.helm.sh/release-namespace":{},"f:prometheus.io/port":{},"f:prometheus.io/scrape":{}},
                     "f:labels":{".":{},"f:app.kubernetes.io/instance":{},"f:app.kubernetes.io/managed-by":{},
                      "f:app.kubernetes.io/name":{},"f:app.kubernetes.io/part-of":{},"f:team":{}}},
                    "f:spec":{"f:internalTrafficPolicy":{},"f:ports":{".":{},
                      "k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{},"f:targetPort":{}},
                      "k:{\\"port\\":9090,\\"protocol\\":\\"TCP\\"}":{".":{},"f:name":{},"f:port":{},"f:protocol":{},"f:targetPort":{}}},
                     "f:selector":{},"f:sessionAffinity":{},"f:type":{}}}}]},
                 "spec":{"type":"ClusterIP","clusterIP":"%8$s","clusterIPs":["%8$s"],"ipFamilies":["IPv4"],
                  "ipFamilyPolicy":"SingleStack","internalTrafficPolicy":"Cluster","sessionAffinity":"None",
                  "selector":{"app.kubernetes.io/name":"%1$s","app.kubernetes.io/instance":"%1$s-prod"},
                  "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080},
                   {"name":"metrics","port":9090,"protocol":"TCP","targetPort":"metrics"}]},
                 "status":{"loadBalancer":{}}}
                """.formatted(name, namespace, new UUID(0xce1ad0L, i), 100_000 + i, i / 60 % 60, i % 60, i % 12, ip);
        return SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
    }

    private ClusterCacheBench() {
    }
}
