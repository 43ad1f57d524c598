package dev.celador.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.ClusterNeeds;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.ParamKind;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.ResourceNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** deploy/cluster-role.yaml grants get/list/watch on what the shipped policies read, and nothing else. */
class DeployRbacTest {

    private static JsonNode clusterRole() {
        List<JsonNode> docs = new ArrayList<>();
        new DocumentReader().readFile(Path.of("deploy/cluster-role.yaml"), d -> docs.add(d.node()), p -> {
            throw new AssertionError(p.toString());
        });
        return docs.stream().filter(d -> d.path("kind").asText().equals("ClusterRole")).findFirst().orElseThrow();
    }

    /** "group/resource" pairs the role grants. */
    private static Set<String> granted(JsonNode role) {
        Set<String> out = new HashSet<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    out.add(group.asText() + "/" + resource.asText());
                }
            }
        }
        return out;
    }

    @Test
    void grantsOnlyListAndWatch() {
        for (JsonNode rule : clusterRole().path("rules")) {
            List<String> verbs = new ArrayList<>();
            rule.path("verbs").forEach(v -> verbs.add(v.asText()));
            assertThat(verbs).containsExactlyInAnyOrder("get", "list", "watch");
        }
    }

    /** "group/resource" pairs the shipped policies read, Namespaces included. */
    private static Set<String> required() {
        CompileResult shipped = new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(Path.of("policies"))));
        ClusterNeeds needs = ClusterNeeds.of(shipped.policies(), shipped.mutatingPolicies());
        Set<String> required = new HashSet<>();
        required.add("/namespaces");
        for (ClusterNeeds.Resource r : needs.resources()) {
            required.add(group(r.apiVersion()) + "/" + r.resource());
        }
        for (ParamKind p : needs.paramKinds()) {
            required.add(group(p.apiVersion()) + "/" + ResourceNames.resourceOf(p.kind()));
        }
        return required;
    }

    @Test
    void coversNamespacesAndEveryKindTheShippedPoliciesRead() {
        assertThat(granted(clusterRole())).containsAll(required());
    }

    @Test
    void listsAndWatchesPolicyExceptions_whichTheWebhookReadsFromItsCache() {
        assertThat(granted(clusterRole())).contains("celador.dev/policyexceptions");
    }

    @Test
    void grantsSecretsOnlyWhenAShippedPolicyLooksThemUp() {
        assertThat(granted(clusterRole()).contains("/secrets")).isEqualTo(required().contains("/secrets"));
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
