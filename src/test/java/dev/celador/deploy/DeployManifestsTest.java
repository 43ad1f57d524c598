package dev.celador.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kustomize base in deploy/, rendered as `kubectl apply -k deploy/` would render it after
 * `certs/generate.sh --install`: with `kubectl kustomize` when kubectl is on the PATH, else with a
 * small renderer that does what this base asks of kustomize (resources, namespace, labels,
 * generators, JSON patches).
 */
class DeployManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path DEPLOY = Path.of("deploy");
    private static final Path POLICIES = Path.of("policies");
    private static final String NAMESPACE = "celador";
    private static final String PLACEHOLDER = "CA_BUNDLE_PLACEHOLDER";

    @TempDir
    static Path temp;

    /** Base64 of the CA certificate the cert script made for this render. */
    private static String caBundle;
    private static Path deployCopy;
    private static List<JsonNode> rendered;

    @BeforeAll
    static void installCertificatesAndRender() throws Exception {
        deployCopy = temp.resolve("deploy");
        copyTree(DEPLOY, deployCopy);
        Path out = temp.resolve("certs-out");
        String output = run(Map.of("OUT_DIR", out.toString(), "DEPLOY_DIR", deployCopy.toString()),
                "bash", "certs/generate.sh", "--install");
        assertThat(output).contains("ca-bundle-patch.json");
        caBundle = Base64.getEncoder().encodeToString(Files.readAllBytes(out.resolve("ca.crt")));
        rendered = kubectlOnPath() ? kubectlKustomize(deployCopy) : new MiniKustomize().build(deployCopy);
    }

    // ---- webhook configurations ---------------------------------------------------------------

    private static JsonNode validating() {
        return named("ValidatingWebhookConfiguration", "celador-validating");
    }

    /** The configuration of the webhook that checks PolicyException writes. */
    private static JsonNode exceptions() {
        return named("ValidatingWebhookConfiguration", "celador-exceptions");
    }

    private static JsonNode mutating() {
        return one("MutatingWebhookConfiguration");
    }

    /** The configuration that checks writes of the policies ConfigMap. */
    private static JsonNode policySource() {
        return named("ValidatingWebhookConfiguration", "celador-policy-source");
    }

    /** The webhooks that judge the cluster's workloads (all but the policy-source guard). */
    private static List<JsonNode> workloadWebhooks() {
        List<JsonNode> out = new ArrayList<>();
        validating().path("webhooks").forEach(out::add);
        mutating().path("webhooks").forEach(out::add);
        return out;
    }

    private static List<JsonNode> allWebhooks() {
        List<JsonNode> out = new ArrayList<>(workloadWebhooks());
        policySource().path("webhooks").forEach(out::add);
        return out;
    }

    @Test
    void everyWebhookIsV1SideEffectFreeEquivalentAndQuick() {
        assertThat(rendered.stream().filter(d -> d.path("kind").asText().endsWith("WebhookConfiguration"))).hasSize(4);
        assertThat(validating().path("webhooks")).hasSize(1);
        assertThat(mutating().path("webhooks")).hasSize(1);
        assertThat(policySource().path("webhooks")).hasSize(1);
        assertThat(exceptions().path("webhooks")).hasSize(1);
        List<JsonNode> all = new ArrayList<>(allWebhooks());
        all.add(exceptions().path("webhooks").get(0));
        for (JsonNode w : all) {
            assertThat(w.path("sideEffects").asText()).as("sideEffects of %s", w.path("name")).isEqualTo("None");
            assertThat(strings(w.path("admissionReviewVersions"))).containsExactly("v1");
            assertThat(w.path("matchPolicy").asText()).isEqualTo("Equivalent");
            assertThat(w.path("timeoutSeconds").isInt()).isTrue();
            assertThat(w.path("timeoutSeconds").asInt()).isBetween(1, 10);
        }
    }

    @Test
    void validationFailsClosedAndMutationFailsOpenAndIsReinvoked() {
        JsonNode v = validating().path("webhooks").get(0);
        JsonNode m = mutating().path("webhooks").get(0);
        assertThat(v.path("failurePolicy").asText()).isEqualTo("Fail");
        assertThat(m.path("failurePolicy").asText()).isEqualTo("Ignore");
        assertThat(m.path("reinvocationPolicy").asText()).isEqualTo("IfNeeded");
    }

    @Test
    void webhooksCallTheServiceOnTheirPaths() {
        JsonNode v = validating().path("webhooks").get(0).path("clientConfig").path("service");
        JsonNode m = mutating().path("webhooks").get(0).path("clientConfig").path("service");
        for (JsonNode s : List.of(v, m)) {
            assertThat(s.path("name").asText()).isEqualTo(service().path("metadata").path("name").asText());
            assertThat(s.path("namespace").asText()).isEqualTo(NAMESPACE);
            assertThat(s.path("port").asInt(443)).isEqualTo(443);
        }
        assertThat(v.path("path").asText()).isEqualTo("/validate");
        assertThat(m.path("path").asText()).isEqualTo("/mutate");
    }

    @Test
    void namespaceSelectorExcludesKubeSystemAndCeladorsOwnNamespace() {
        for (JsonNode w : workloadWebhooks()) {
            Set<String> excluded = new HashSet<>();
            for (JsonNode e : w.path("namespaceSelector").path("matchExpressions")) {
                if (e.path("key").asText().equals("kubernetes.io/metadata.name") && e.path("operator").asText().equals("NotIn")) {
                    excluded.addAll(strings(e.path("values")));
                }
            }
            assertThat(excluded).as("namespaces %s leaves out", w.path("name")).contains("kube-system", NAMESPACE);
            assertThat(w.path("namespaceSelector").path("matchLabels").isMissingNode()).isTrue();
        }
        assertThat(one("Namespace").path("metadata").path("name").asText()).isEqualTo(NAMESPACE);
    }

    /**
     * The guard of the policy source sees exactly the writes of the policies ConfigMap: CREATE and
     * UPDATE of ConfigMaps in Celador's namespace carrying the label the ConfigMap is generated with,
     * on its own path; it fails open, so the ConfigMap can be created before any pod runs.
     */
    @Test
    void policySourceGuardSelectsThePoliciesConfigMapAndFailsOpen() {
        JsonNode w = policySource().path("webhooks").get(0);
        assertThat(w.path("name").asText()).isEqualTo("policy-source.celador.dev");
        assertThat(w.path("failurePolicy").asText()).isEqualTo("Ignore");
        JsonNode svc = w.path("clientConfig").path("service");
        assertThat(svc.path("name").asText()).isEqualTo(service().path("metadata").path("name").asText());
        assertThat(svc.path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(svc.path("path").asText()).isEqualTo("/validate-policy-source");
        assertThat(w.path("rules")).hasSize(1);
        JsonNode rule = w.path("rules").get(0);
        assertThat(strings(rule.path("apiGroups"))).containsExactly("");
        assertThat(strings(rule.path("apiVersions"))).containsExactly("v1");
        assertThat(strings(rule.path("resources"))).containsExactly("configmaps");
        assertThat(strings(rule.path("operations"))).containsExactlyInAnyOrder("CREATE", "UPDATE");
        // Only Celador's namespace, which the workload webhooks leave out.
        assertThat(w.path("namespaceSelector").path("matchLabels").path("kubernetes.io/metadata.name").asText()).isEqualTo(NAMESPACE);
        assertThat(w.path("namespaceSelector").path("matchExpressions").isMissingNode()).isTrue();
        // The rendered policies ConfigMap carries the label the guard selects on.
        JsonNode selector = w.path("objectSelector").path("matchLabels");
        assertThat(selector.path("celador.dev/policy-source").asText()).isEqualTo("true");
        JsonNode configMap = one("ConfigMap");
        assertThat(configMap.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(selects(selector, configMap.path("metadata").path("labels"))).isTrue();
    }

    /**
     * The exceptions webhook reaches Celador's namespace too (where exceptions are
     * granted), so it may match nothing but PolicyException writes, and fails open.
     */
    @Test
    void exceptionsWebhookChecksOnlyPolicyExceptionWritesInEveryNamespace_andFailsOpen() {
        JsonNode w = exceptions().path("webhooks").get(0);
        assertThat(w.path("name").asText()).isEqualTo("exceptions.celador.dev");
        assertThat(w.path("failurePolicy").asText()).isEqualTo("Ignore");
        assertThat(w.has("namespaceSelector")).isFalse();
        assertThat(w.path("clientConfig").path("service").path("path").asText()).isEqualTo("/validate");
        assertThat(w.path("rules")).hasSize(1);
        JsonNode rule = w.path("rules").get(0);
        assertThat(strings(rule.path("apiGroups"))).containsExactly("celador.dev");
        assertThat(strings(rule.path("resources"))).containsExactly("policyexceptions");
        assertThat(strings(rule.path("operations"))).containsExactly("CREATE", "UPDATE");
        assertThat(w.path("clientConfig").path("caBundle").asText()).isNotEqualTo(PLACEHOLDER);
    }

    @Test
    void policyExceptionCrdIsNamespacedWithASchemaRequiringPoliciesMatchAndReason() {
        JsonNode crd = named("CustomResourceDefinition", "policyexceptions.celador.dev");
        assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Namespaced");
        JsonNode version = crd.path("spec").path("versions").get(0);
        assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
        JsonNode spec = version.path("schema").path("openAPIV3Schema").path("properties").path("spec");
        assertThat(strings(spec.path("required"))).containsExactlyInAnyOrder("policies", "match", "reason");
        assertThat(spec.path("properties").path("expiresAt").path("format").asText()).isEqualTo("date-time");
        assertThat(spec.path("properties").path("match").path("properties").fieldNames())
                .toIterable().containsExactlyInAnyOrder("namespaces", "names", "selector", "kinds", "operations");
    }

    @Test
    void podKnowsItsNamespace_whereExceptionsCount() {
        JsonNode env = container().path("env");
        assertThat(env.toString()).contains("{\"name\":\"POD_NAMESPACE\",\"valueFrom\":{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}}");
    }

    @Test
    void caBundlePlaceholderIsReplacedByTheCertScriptsCa() {
        for (JsonNode w : allWebhooks()) {
            String bundle = w.path("clientConfig").path("caBundle").asText();
            assertThat(bundle).isNotEqualTo(PLACEHOLDER).isEqualTo(caBundle);
            assertThat(new String(Base64.getDecoder().decode(bundle), StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----");
        }
        // The committed configurations keep the placeholder: no CA, no key in Git.
        assertThat(readString(DEPLOY.resolve("webhooks.yaml"))).contains("caBundle: " + PLACEHOLDER);
        assertThat(readString(DEPLOY.resolve(".gitignore")).lines()).contains("tls/");
    }

    @Test
    void tlsSecretHoldsTheServingCertificateForTheServiceName() throws Exception {
        JsonNode secret = one("Secret");
        assertThat(secret.path("type").asText()).isEqualTo("kubernetes.io/tls");
        assertThat(secret.path("data").has("tls.crt")).isTrue();
        assertThat(secret.path("data").has("tls.key")).isTrue();
        Path crt = temp.resolve("served.crt");
        Files.write(crt, Base64.getMimeDecoder().decode(secret.path("data").path("tls.crt").asText()));
        String text = run(Map.of(), "openssl", "x509", "-in", crt.toString(), "-noout", "-text");
        assertThat(text).contains("DNS:celador-webhook.celador.svc");
        run(Map.of(), "openssl", "verify", "-CAfile", temp.resolve("certs-out/ca.crt").toString(), crt.toString());
    }

    /** Each (group, version, resource, operation) a shipped policy matches reaches the webhook. */
    @Test
    void rulesCoverEveryKindTheShippedPoliciesMatch() throws IOException {
        for (JsonNode doc : policyDocuments()) {
            String kind = doc.path("kind").asText();
            JsonNode webhook;
            if (kind.equals("ValidatingPolicy") || kind.equals("ValidatingAdmissionPolicy")) {
                webhook = validating().path("webhooks").get(0);
            } else if (kind.equals("MutatingPolicy") || kind.equals("MutatingAdmissionPolicy")) {
                webhook = mutating().path("webhooks").get(0);
            } else {
                continue;
            }
            for (JsonNode rule : doc.path("spec").path("matchConstraints").path("resourceRules")) {
                for (String group : strings(rule.path("apiGroups"))) {
                    for (String version : strings(rule.path("apiVersions"))) {
                        for (String resource : strings(rule.path("resources"))) {
                            for (String op : strings(rule.path("operations"))) {
                                assertThat(covers(webhook.path("rules"), group, version, resource, op))
                                        .as("%s %s matches %s/%s %s %s", kind, doc.path("metadata").path("name").asText(),
                                                group, version, resource, op)
                                        .isTrue();
                            }
                        }
                    }
                }
            }
        }
    }

    private static boolean covers(JsonNode rules, String group, String version, String resource, String op) {
        for (JsonNode r : rules) {
            if (matches(r.path("apiGroups"), group) && matches(r.path("apiVersions"), version)
                    && matches(r.path("resources"), resource) && matches(r.path("operations"), op)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(JsonNode list, String value) {
        List<String> values = strings(list);
        return values.contains("*") || values.contains(value);
    }

    // ---- Deployment, PDB, Service ---------------------------------------------------------------

    private static JsonNode deployment() {
        return one("Deployment");
    }

    private static JsonNode container() {
        JsonNode containers = deployment().path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static JsonNode service() {
        return one("Service");
    }

    @Test
    void containerIsNonRootReadOnlyUnprivilegedWithRuntimeDefaultSeccomp() {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        JsonNode sc = container().path("securityContext");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean() || sc.path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(strings(sc.path("capabilities").path("drop"))).contains("ALL");
        String seccomp = sc.path("seccompProfile").path("type").asText(pod.path("securityContext").path("seccompProfile").path("type").asText());
        assertThat(seccomp).isEqualTo("RuntimeDefault");
        assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    }

    @Test
    void probesUseTheHealthEndpointsOverHttps() {
        JsonNode live = container().path("livenessProbe").path("httpGet");
        JsonNode ready = container().path("readinessProbe").path("httpGet");
        assertThat(live.path("path").asText()).isEqualTo("/q/health/live");
        assertThat(ready.path("path").asText()).isEqualTo("/q/health/ready");
        for (JsonNode probe : List.of(live, ready)) {
            assertThat(probe.path("scheme").asText()).isEqualTo("HTTPS");
            assertThat(containerPort(probe.path("port"))).isEqualTo(8443);
        }
    }

    @Test
    void twoReplicasSpreadOverNodesWithADisruptionBudget() {
        JsonNode spec = deployment().path("spec");
        assertThat(spec.path("replicas").asInt()).isEqualTo(2);
        JsonNode podLabels = spec.path("template").path("metadata").path("labels");
        JsonNode anti = spec.path("template").path("spec").path("affinity").path("podAntiAffinity");
        List<JsonNode> terms = new ArrayList<>();
        anti.path("requiredDuringSchedulingIgnoredDuringExecution").forEach(terms::add);
        anti.path("preferredDuringSchedulingIgnoredDuringExecution").forEach(t -> terms.add(t.path("podAffinityTerm")));
        assertThat(terms).isNotEmpty();
        assertThat(terms).anySatisfy(t -> {
            assertThat(t.path("topologyKey").asText()).isEqualTo("kubernetes.io/hostname");
            assertThat(selects(t.path("labelSelector").path("matchLabels"), podLabels)).isTrue();
        });
        JsonNode pdb = one("PodDisruptionBudget");
        assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(selects(pdb.path("spec").path("selector").path("matchLabels"), podLabels)).isTrue();
        assertThat(selects(spec.path("selector").path("matchLabels"), podLabels)).isTrue();
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        JsonNode res = container().path("resources");
        for (String key : List.of("cpu", "memory")) {
            assertThat(res.path("requests").path(key).asText()).as("requests." + key).isNotEmpty();
        }
        assertThat(res.path("limits").path("memory").asText()).isNotEmpty();
    }

    @Test
    void serviceListensOn443AndForwardsTo8443() {
        JsonNode svc = service();
        assertThat(svc.path("metadata").path("name").asText()).isEqualTo("celador-webhook");
        assertThat(svc.path("spec").path("ports")).hasSize(1);
        JsonNode port = svc.path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(443);
        assertThat(containerPort(port.path("targetPort"))).isEqualTo(8443);
        assertThat(selects(svc.path("spec").path("selector"), deployment().path("spec").path("template").path("metadata").path("labels"))).isTrue();
    }

    @Test
    void podServesMountedPoliciesAndCertificateWithAWritableTmp() {
        JsonNode pod = deployment().path("spec").path("template").path("spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("celador-webhook");
        assertThat(one("ServiceAccount").path("metadata").path("name").asText()).isEqualTo("celador-webhook");
        assertThat(container().path("image").asText()).isEqualTo("celador:0.1.0");
        assertThat(strings(container().path("args"))).containsExactly(
                "serve", "--policies", "/policies", "--port", "8443", "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key");
        Map<String, String> mounts = new HashMap<>();
        container().path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m.path("name").asText()));
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
        assertThat(volumes.get(mounts.get("/policies")).path("configMap").path("name").asText())
                .isEqualTo(one("ConfigMap").path("metadata").path("name").asText()).isEqualTo("celador-policies");
        assertThat(volumes.get(mounts.get("/tls")).path("secret").path("secretName").asText())
                .isEqualTo(one("Secret").path("metadata").path("name").asText());
        assertThat(volumes.get(mounts.get("/tmp")).has("emptyDir")).isTrue();
    }

    @Test
    void everyNamespacedObjectIsInCeladorsNamespace() {
        Set<String> clusterScoped = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
                "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CustomResourceDefinition");
        for (JsonNode doc : rendered) {
            String kind = doc.path("kind").asText();
            if (!clusterScoped.contains(kind)) {
                assertThat(doc.path("metadata").path("namespace").asText()).as(kind).isEqualTo(NAMESPACE);
            }
        }
        for (String name : List.of("celador-cluster-view", "celador-audit")) {
            JsonNode binding = named("ClusterRoleBinding", name);
            assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("celador-webhook");
            assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NAMESPACE);
        }
    }

    // ---- the policies ConfigMap -----------------------------------------------------------------

    /** deploy/policies/ is policies/ flattened, minus test material: run deploy/sync-policies.sh when this fails. */
    @Test
    void deployPoliciesAreInStepWithThePolicyTree() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Path p : shippedPolicyFiles()) {
            expected.put(POLICIES.relativize(p).toString().replace(File.separatorChar, '/').replace("/", "--"), readString(p));
        }
        Map<String, String> actual = new TreeMap<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("policies"))) {
            for (Path p : files.filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList()) {
                actual.put(p.getFileName().toString(), readString(p));
            }
        }
        assertThat(actual).as("deploy/policies/ against policies/ (run deploy/sync-policies.sh)").isEqualTo(expected);
        JsonNode generator = YAML.readTree(DEPLOY.resolve("policies/kustomization.yaml").toFile()).path("configMapGenerator").get(0);
        assertThat(strings(generator.path("files"))).containsExactlyInAnyOrderElementsOf(expected.keySet());
        // And the rendered ConfigMap carries them all, unchanged.
        JsonNode data = one("ConfigMap").path("data");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(data.path(e.getKey()).asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(data.size()).isEqualTo(expected.size());
    }

    /** When kubectl is here, the fallback renderer must agree with it on everything asserted above. */
    @Test
    void fallbackRendererAgreesWithKubectl() throws Exception {
        assumeTrue(kubectlOnPath(), "kubectl is not on the PATH");
        List<JsonNode> fallback = new MiniKustomize().build(deployCopy);
        assertThat(byId(fallback).keySet()).isEqualTo(byId(rendered).keySet());
        for (Map.Entry<String, JsonNode> e : byId(rendered).entrySet()) {
            assertThat(withoutSecretHash(byId(fallback).get(e.getKey()))).as(e.getKey()).isEqualTo(withoutSecretHash(e.getValue()));
        }
    }

    private static Map<String, JsonNode> byId(List<JsonNode> docs) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode d : docs) {
            out.put(d.path("kind").asText() + "/" + d.path("metadata").path("namespace").asText() + "/"
                    + d.path("metadata").path("name").asText().replaceAll("^(celador-webhook-tls)-[a-z0-9]+$", "$1"), d);
        }
        return out;
    }

    /** The generated Secret's name without kustomize's hash, its data as decoded bytes (kubectl may wrap base64). */
    private static JsonNode withoutSecretHash(JsonNode doc) throws IOException {
        String json = new ObjectMapper().writeValueAsString(doc).replaceAll("celador-webhook-tls-[a-z0-9]+\"", "celador-webhook-tls\"");
        JsonNode out = new ObjectMapper().readTree(json);
        if (out.path("kind").asText().equals("Secret")) {
            ObjectNode data = (ObjectNode) out.path("data");
            for (String k : List.copyOf(iterable(data))) {
                data.put(k, Base64.getEncoder().encodeToString(Base64.getMimeDecoder().decode(data.path(k).asText())));
            }
        }
        return out;
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static List<Path> shippedPolicyFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(POLICIES)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> {
                        for (Path part : POLICIES.relativize(p)) {
                            if (part.toString().equals("tests") || part.toString().equals("cases")) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        }
    }

    private static List<JsonNode> policyDocuments() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path p : shippedPolicyFiles()) {
            out.addAll(readAll(readString(p)));
        }
        return out;
    }

    @Test
    void shipsTheOpenReportsCrds_aNamespacedReportAndAClusterReport() {
        JsonNode report = named("CustomResourceDefinition", "reports.openreports.io");
        JsonNode cluster = named("CustomResourceDefinition", "clusterreports.openreports.io");
        assertThat(report.path("spec").path("scope").asText()).isEqualTo("Namespaced");
        assertThat(cluster.path("spec").path("scope").asText()).isEqualTo("Cluster");
        for (JsonNode crd : List.of(report, cluster)) {
            JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema").path("properties");
            assertThat(schema.path("results").path("items").path("properties").fieldNames()).toIterable()
                    .contains("policy", "rule", "result", "message", "severity", "category", "resources", "timestamp", "properties");
            assertThat(schema.path("summary").path("properties").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("pass", "fail", "warn", "error", "skip");
        }
    }

    private static JsonNode named(String kind, String name) {
        List<JsonNode> found = rendered.stream()
                .filter(d -> d.path("kind").asText().equals(kind) && d.path("metadata").path("name").asText().equals(name)).toList();
        assertThat(found).as("rendered %s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static JsonNode one(String kind) {
        List<JsonNode> found = rendered.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertThat(found).as("rendered %s objects", kind).hasSize(1);
        return found.get(0);
    }

    /** A port given by number or by the container's port name, as a number. */
    private static int containerPort(JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + port);
    }

    private static boolean selects(JsonNode matchLabels, JsonNode labels) {
        if (matchLabels.size() == 0) {
            return false;
        }
        var it = matchLabels.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.isObject()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean kubectlOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "kubectl"))) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> kubectlKustomize(Path dir) throws Exception {
        return readAll(run(Map.of(), "kubectl", "kustomize", dir.toString()));
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), text).isZero();
        return text;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith("tls")) {
                    continue;
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * Just enough of kustomize for this base: resources (files and sub-bases), namespace, labels
     * (metadata only), configMapGenerator / secretGenerator from files, patches with a JSON patch
     * file and a kind/name target. Generated Secrets keep their plain name (kustomize adds a hash).
     */
    static final class MiniKustomize {
        private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
                "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "CustomResourceDefinition");

        List<JsonNode> build(Path dir) throws IOException {
            JsonNode k = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
            List<JsonNode> out = new ArrayList<>();
            for (String r : strings(k.path("resources"))) {
                Path p = dir.resolve(r);
                out.addAll(Files.isDirectory(p) ? build(p) : readAll(Files.readString(p)));
            }
            for (JsonNode g : k.path("configMapGenerator")) {
                out.add(generated("ConfigMap", dir, g, false));
            }
            for (JsonNode g : k.path("secretGenerator")) {
                out.add(generated("Secret", dir, g, true));
            }
            for (JsonNode patch : k.path("patches")) {
                JsonNode ops = new ObjectMapper().readTree(dir.resolve(patch.path("path").asText()).toFile());
                JsonNode target = patch.path("target");
                for (int i = 0; i < out.size(); i++) {
                    JsonNode d = out.get(i);
                    if (d.path("kind").asText().equals(target.path("kind").asText())
                            && d.path("metadata").path("name").asText().equals(target.path("name").asText())) {
                        out.set(i, JsonPatch.apply(ops, d));
                    }
                }
            }
            String namespace = k.path("namespace").asText("");
            for (JsonNode d : out) {
                ObjectNode meta = (ObjectNode) d.path("metadata");
                if (!namespace.isEmpty()) {
                    setNamespace(d, meta, namespace);
                }
                for (JsonNode l : k.path("labels")) {
                    ObjectNode labels = meta.has("labels") ? (ObjectNode) meta.get("labels") : meta.putObject("labels");
                    l.path("pairs").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
                }
            }
            return out;
        }

        private static void setNamespace(JsonNode d, ObjectNode meta, String namespace) {
            String kind = d.path("kind").asText();
            if (!CLUSTER_SCOPED.contains(kind)) {
                meta.put("namespace", namespace);
            }
            if (kind.equals("ClusterRoleBinding")) {
                for (JsonNode s : d.path("subjects")) {
                    if (s.path("kind").asText().equals("ServiceAccount")) {
                        ((ObjectNode) s).put("namespace", namespace);
                    }
                }
            }
            if (kind.endsWith("WebhookConfiguration")) {
                for (JsonNode w : d.path("webhooks")) {
                    JsonNode svc = w.path("clientConfig").path("service");
                    if (svc.isObject()) {
                        ((ObjectNode) svc).put("namespace", namespace);
                    }
                }
            }
        }

        private static JsonNode generated(String kind, Path dir, JsonNode g, boolean base64) throws IOException {
            ObjectNode doc = YAML.createObjectNode();
            doc.put("apiVersion", "v1");
            doc.put("kind", kind);
            ObjectNode meta = doc.putObject("metadata");
            JsonNode labels = g.path("options").path("labels");
            if (labels.isObject()) {
                meta.set("labels", labels.deepCopy());
            }
            meta.put("name", g.path("name").asText());
            if (g.has("type")) {
                doc.put("type", g.path("type").asText());
            }
            ObjectNode data = doc.putObject("data");
            for (String f : strings(g.path("files"))) {
                Path p = dir.resolve(f);
                byte[] bytes = Files.readAllBytes(p);
                data.put(p.getFileName().toString(),
                        base64 ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8));
            }
            return doc;
        }
    }
}
