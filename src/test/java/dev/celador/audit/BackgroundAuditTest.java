package dev.celador.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The background audit against an API server (the mock server in CRUD mode): the replica takes the
 * Lease, judges what is already there and each change, and keeps one Report per namespace.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BackgroundAuditTest.AuditProfile.class)
class BackgroundAuditTest {

    public static final class AuditProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("celador.policies", "src/test/resources/audit/policies", "celador.cluster.enabled", "true",
                    "celador.audit.lease-duration", "3s", "celador.audit.policy-check-interval", "200ms");
        }
    }

    private static final ResourceDefinitionContext REPORTS = new ResourceDefinitionContext.Builder().withGroup("openreports.io")
            .withVersion("v1alpha1").withKind("Report").withPlural("reports").withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    private GenericKubernetesResource awaitReport(String namespace, Predicate<GenericKubernetesResource> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        GenericKubernetesResource last = null;
        while (System.nanoTime() < deadline) {
            last = client.genericKubernetesResources(REPORTS).inNamespace(namespace).withName("celador-audit").get();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the report of " + namespace + " never met the condition; last: " + last);
    }

    private static StatefulSet statefulSet(String namespace, String name, boolean withTemplates) {
        StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withServiceName(name).withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec().addNewContainer()
                .withName("main").withImage("busybox").endContainer().endSpec().endTemplate().endSpec();
        if (withTemplates) {
            b.editSpec().addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
                    .withAccessModes("ReadWriteOnce").endSpec().endVolumeClaimTemplate().endSpec();
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static java.util.List<Map<String, Object>> results(GenericKubernetesResource report) {
        Object r = report.getAdditionalProperties().get("results");
        return r == null ? java.util.List.of() : (java.util.List<Map<String, Object>>) r;
    }

    @SuppressWarnings("unchecked")
    private static int count(GenericKubernetesResource report, String result) {
        return ((Number) ((Map<String, Object>) report.getAdditionalProperties().get("summary")).get(result)).intValue();
    }

    @Test
    void violationAppearsInItsNamespacesReport_andGoesWhenFixed_andTheReportGoesWithTheObject() throws Exception {
        client.apps().statefulSets().inNamespace("shop").resource(statefulSet("shop", "db", false)).create();

        GenericKubernetesResource report = awaitReport("shop", r -> r != null && count(r, "fail") == 1);
        Map<String, Object> fail = results(report).get(0);
        assertThat(fail.get("policy")).isEqualTo("statefulset-volume-claim-templates");
        assertThat(fail.get("result")).isEqualTo("fail");
        assertThat(fail.get("message")).isEqualTo("StatefulSet db has no volumeClaimTemplates");
        assertThat(((Map<?, ?>) fail.get("properties")).get("validationActions")).isEqualTo("Deny");
        assertThat(((Map<?, ?>) ((java.util.List<?>) fail.get("resources")).get(0)).get("name")).isEqualTo("db");
        assertThat(report.getAdditionalProperties().get("source")).isEqualTo("celador");

        client.apps().statefulSets().inNamespace("shop").resource(statefulSet("shop", "db", true)).update();
        report = awaitReport("shop", r -> r != null && count(r, "fail") == 0 && count(r, "pass") == 1);
        assertThat(results(report)).isEmpty();

        client.apps().statefulSets().inNamespace("shop").withName("db").delete();
        awaitReport("shop", r -> r == null);
    }

    @Test
    void judgesAnExistingObjectAsAnUpdateByCeladorsServiceAccount_withOldObjectEqualToTheObject() throws Exception {
        client.services().inNamespace("billing").resource(new ServiceBuilder().withNewMetadata().withName("queue").withNamespace("billing")
                .endMetadata().withNewSpec().withClusterIP("None").addNewPort().withPort(5672).endPort().endSpec().build()).create();

        GenericKubernetesResource report = awaitReport("billing", r -> r != null && count(r, "fail") == 1);

        assertThat(results(report).get(0).get("message"))
                .isEqualTo("judged as UPDATE by system:serviceaccount:celador:celador-webhook, oldObject = object");
        assertThat(((Map<?, ?>) results(report).get(0).get("properties")).get("validationActions")).isEqualTo("Audit");
    }

    @Test
    void holdsTheLease_andShowsTheAuditInStatusAndMetrics() throws Exception {
        client.apps().statefulSets().inNamespace("metrics").resource(statefulSet("metrics", "m", false)).create();
        awaitReport("metrics", r -> r != null && count(r, "fail") == 1);

        Lease lease = client.leases().inNamespace("celador").withName("celador-audit").get();
        assertThat(lease).isNotNull();
        assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
        JsonPath status = given().when().get("/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean("audit.leading")).isTrue();
        assertThat(status.getString("audit.lastFullPass")).isNotNull();
        assertThat(status.getInt("audit.results.fail")).isPositive();
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("celador_audit_violations\\{.*namespace=\"metrics\".*policy=\"statefulset-volume-claim-templates\".*\\} 1\\.0")
                .contains("celador_audit_last_full_pass_seconds").contains("celador_audit_objects");
    }
}
