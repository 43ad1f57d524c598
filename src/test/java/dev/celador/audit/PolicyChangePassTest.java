package dev.celador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.report.NamespaceResults;
import dev.celador.report.ReportEntry;
import dev.celador.report.ReportRenderer;
import dev.celador.view.ClusterView;
import dev.celador.view.ObjectKey;
import dev.celador.view.StaticClusterView;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pass after a policy change runs the changed and added policies only, over the objects of the
 * kinds they match, and merges their results into what each object holds: the unchanged policy
 * (whose verdict follows a ConfigMap of the cluster, changed in between, so running it again would
 * show) is neither evaluated nor altered, a removed policy's results go, and a report whose content
 * did not change is not marked for writing.
 */
class PolicyChangePassTest {

    private static final String TREE = "src/test/resources/audit/policy-change/";
    private static final Set<String> LISTED_KINDS = Set.of("apps/v1/StatefulSet", "v1/Service");

    /** The cluster: its objects, with a count of the lookups of each name (what a policy evaluation reads). */
    private static final class CountingCluster implements ClusterView {
        final Map<ObjectKey, JsonNode> objects = new HashMap<>();
        final Map<String, Integer> gets = new HashMap<>();
        private final StaticClusterView kinds = StaticClusterView.empty();

        @Override
        public Optional<JsonNode> get(ObjectKey key) {
            gets.merge(key.name(), 1, Integer::sum);
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public List<JsonNode> list(String apiVersion, String kind, String namespace) {
            return objects.values().stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
        }

        @Override
        public Optional<String> kindOf(String apiVersion, String resource) {
            return kinds.kindOf(apiVersion, resource);
        }

        @Override
        public boolean isNamespaced(String apiVersion, String kind) {
            return kinds.isNamespaced(apiVersion, kind);
        }
    }

    private final CountingCluster cluster = new CountingCluster();
    private final List<JsonNode> listed = new ArrayList<>();
    private final AuditState state = new AuditState();

    @BeforeEach
    void readCluster() throws Exception {
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(new File(TREE + "cluster.yaml"))) {
            while (it.hasNextValue()) {
                JsonNode o = it.nextValue();
                if (o.path("kind").asText().equals("ConfigMap")) {
                    cluster.objects.put(key(o), o);
                } else {
                    listed.add(o);
                }
            }
        }
    }

    private static ObjectKey key(JsonNode o) {
        return ObjectKey.of(o.path("apiVersion").asText(), o.path("kind").asText(), o.path("metadata").path("namespace").asText(),
                o.path("metadata").path("name").asText());
    }

    private static PolicySnapshot load(String dir) {
        return new PolicySnapshot(new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(Path.of(TREE + dir)))));
    }

    private ObjectAuditor auditor(PolicySnapshot snapshot) {
        return new ObjectAuditor(new Engine(new PolicyRegistry(snapshot), cluster), AuditIdentity.defaults(), PolicyLabels.none());
    }

    /** The full pass at time 100 over every listed object; returns the scopes' results (live: later passes change them). */
    private Map<String, NamespaceResults> fullPass(PolicySnapshot snapshot) {
        AuditPass pass = AuditPass.full(state, auditor(snapshot), 100);
        listed.forEach(pass::judge);
        pass.end(LISTED_KINDS, Set.of());
        return state.takeDirty();
    }

    /** The pass a reload from before to after starts, at time 200, listing what the changed policies match. */
    private PolicyChanges changePass(PolicySnapshot before, PolicySnapshot after) {
        PolicyChanges changes = PolicyChanges.between(before, after);
        Set<String> kinds = new java.util.HashSet<>();
        AuditedKinds.of(changes.judged()).kinds().forEach(k -> kinds.add(k.apiVersion() + "/"
                + (k.resource().equals("statefulsets") ? "StatefulSet" : "Service")));
        AuditPass pass = AuditPass.ofChanges(state, auditor(after), auditor(after.validatingOnly(changes.changed())), changes.changed(), 200);
        listed.stream().filter(o -> kinds.contains(o.path("apiVersion").asText() + "/" + o.path("kind").asText())).forEach(pass::judge);
        pass.end(kinds, changes.removed());
        return changes;
    }

    private static List<String> rows(NamespaceResults scope) {
        return scope.listed().stream().map(e -> e.resource().name() + " " + e.policy() + " " + e.result() + " @" + e.foundAt() + ": "
                + String.join("; ", e.messages())).toList();
    }

    @Test
    void aPolicyChange_runsOnlyTheChangedAndAddedPolicies_andKeepsTheUnchangedPolicysResults() {
        PolicySnapshot before = load("before");
        Map<String, NamespaceResults> scopes = fullPass(before);
        assertThat(cluster.gets.get("audit-limits")).as("the full pass evaluates the unchanged policy on each StatefulSet").isEqualTo(3);
        assertThat(rows(scopes.get("shop"))).containsExactlyInAnyOrder(
                "big replicas-within-cluster-limit fail @100: StatefulSet big has more than 3 replicas",
                "db statefulset-volume-claim-templates fail @100: StatefulSet db has no volumeClaimTemplates",
                "db service-named-port warn @100: every port needs a name");
        // The limit changes: evaluating the unchanged policy again would pass big.
        ((ObjectNode) cluster.objects.get(ObjectKey.of("v1", "ConfigMap", "shop", "audit-limits")).path("data")).put("maxReplicas", "10");
        cluster.gets.clear();

        PolicyChanges changes = changePass(before, load("after"));

        assertThat(changes.changed()).containsExactlyInAnyOrder("statefulset-volume-claim-templates", "statefulset-team-label");
        assertThat(cluster.gets).as("the unchanged policy is not evaluated again").doesNotContainKey("audit-limits");
        assertThat(rows(scopes.get("shop"))).containsExactlyInAnyOrder(
                "big replicas-within-cluster-limit fail @100: StatefulSet big has more than 3 replicas",
                "big statefulset-team-label fail @200: StatefulSet big has no team label",
                "db statefulset-volume-claim-templates fail @200: StatefulSet db keeps no data: add volumeClaimTemplates");
        // shop: db passes replicas and team-label, big passes the claim templates; the Service's warn is gone with its policy.
        assertThat(scopes.get("shop").summary()).isEqualTo(new NamespaceResults.Summary(3, 3, 0, 0, 0));
        assertThat(scopes.get("quiet").summary()).as("calm passes all three").isEqualTo(new NamespaceResults.Summary(3, 0, 0, 0, 0));
        assertThat(state.takeDirty()).containsOnlyKeys("shop", "quiet");
    }

    @Test
    void aChangedMessage_marksForWritingOnlyTheReportsWhoseContentChanged_andKeepsUnchangedVerdictsFirstSeenTimes() {
        PolicySnapshot before = load("before");
        Map<String, NamespaceResults> scopes = fullPass(before);
        ReportRenderer renderer = ReportRenderer.defaults();
        String quietBefore = renderer.render(scopes.get("quiet"), ReportRenderer.Api.OPENREPORTS).toString();
        cluster.gets.clear();

        changePass(before, load("message-only"));

        assertThat(cluster.gets).doesNotContainKey("audit-limits");
        assertThat(state.takeDirty()).as("quiet's StatefulSet passes the changed policy before and after").containsOnlyKeys("shop");
        assertThat(renderer.render(scopes.get("quiet"), ReportRenderer.Api.OPENREPORTS).toString()).isEqualTo(quietBefore);
        assertThat(scopes.get("shop").listed()).filteredOn(e -> !e.policy().equals("statefulset-volume-claim-templates"))
                .extracting(ReportEntry::foundAt).containsOnly(100L);
        assertThat(rows(scopes.get("shop"))).contains(
                "db statefulset-volume-claim-templates fail @200: StatefulSet db keeps no data: add volumeClaimTemplates");
    }

    @Test
    void aReloadThatChangesNothing_judgesNothingAgain_andMarksNoReport() {
        PolicySnapshot before = load("before");
        fullPass(before);
        cluster.gets.clear();

        PolicyChanges changes = changePass(before, load("before"));

        assertThat(changes.isEmpty()).isTrue();
        assertThat(cluster.gets).isEmpty();
        assertThat(state.takeDirty()).isEmpty();
    }
}
