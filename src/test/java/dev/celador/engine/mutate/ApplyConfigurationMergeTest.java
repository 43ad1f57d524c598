package dev.celador.engine.mutate;

import static dev.celador.engine.mutate.MutateFixtures.load;
import static dev.celador.engine.mutate.MutateFixtures.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.cel.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApplyConfigurationMergeTest {

    private static final JsonNode STS = load("statefulset", "object");

    private static JsonNode applyScenario(String scenario) throws MutationException {
        return ApplyConfigurationMerge.apply(STS, load(scenario, "apply"));
    }

    private static JsonNode container(JsonNode sts, String name) {
        for (JsonNode c : sts.at("/spec/template/spec/containers")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    private static List<String> names(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(item -> out.add(item.path(field).asText()));
        return out;
    }

    @Test
    void addsReadinessProbeToOneContainer_keepingItsFieldsAndOtherContainers() throws Exception {
        JsonNode result = applyScenario("add-readiness-probe");

        JsonNode postgres = container(result, "postgres");
        assertThat(postgres.at("/readinessProbe/tcpSocket/port").asInt()).isEqualTo(5432);
        assertThat(postgres.path("image").asText()).isEqualTo("postgres:16.3");
        assertThat(postgres.path("env")).isEqualTo(container(STS, "postgres").path("env"));
        assertThat(container(result, "exporter")).isEqualTo(container(STS, "exporter"));
        assertThat(names(result.at("/spec/template/spec/containers"), "name")).containsExactly("postgres", "exporter");
        assertThat(result.at("/spec/template/spec/initContainers")).isEqualTo(STS.at("/spec/template/spec/initContainers"));
    }

    @Test
    void appendsContainerWithNewName_afterExistingOnes() throws Exception {
        JsonNode result = applyScenario("add-sidecar-container");

        assertThat(names(result.at("/spec/template/spec/containers"), "name"))
                .containsExactly("postgres", "exporter", "log-shipper");
        assertThat(container(result, "log-shipper").at("/volumeMounts/0/mountPath").asText()).isEqualTo("/data");
        assertThat(container(result, "postgres")).isEqualTo(container(STS, "postgres"));
    }

    @Test
    void mergesPortsByContainerPortAndDefaultTcpProtocol() throws Exception {
        JsonNode result = applyScenario("ports-by-container-port");

        JsonNode ports = container(result, "postgres").path("ports");
        assertThat(ports).hasSize(2);
        assertThat(ports.get(0).path("name").asText()).isEqualTo("pg");
        assertThat(ports.get(0).path("protocol").asText()).isEqualTo("TCP");
        assertThat(ports.get(0).path("hostPort").asInt()).isEqualTo(15432);
        assertThat(ports.get(1).path("containerPort").asInt()).isEqualTo(5433);
        assertThat(container(result, "exporter").path("ports")).isEqualTo(container(STS, "exporter").path("ports"));
    }

    @Test
    void keepsSamePortWithOtherProtocolAsSeparateElement() throws Exception {
        JsonNode object = yaml("""
                kind: Pod
                spec:
                  containers:
                  - name: dns
                    ports:
                    - {containerPort: 53, protocol: UDP, name: dns}
                """);
        JsonNode config = yaml("""
                spec:
                  containers:
                  - name: dns
                    ports:
                    - {containerPort: 53, name: dns-tcp}
                """);

        JsonNode ports = ApplyConfigurationMerge.apply(object, config).at("/spec/containers/0/ports");

        assertThat(names(ports, "name")).containsExactly("dns", "dns-tcp");
    }

    @Test
    void mergesServicePortsByPortAndProtocol_onlyForServices() throws Exception {
        JsonNode service = yaml("""
                apiVersion: v1
                kind: Service
                spec:
                  ports:
                  - {port: 80, targetPort: 8080, protocol: TCP, name: http}
                  - {port: 53, protocol: UDP, name: dns}
                """);
        JsonNode config = yaml("""
                spec:
                  ports:
                  - {port: 80, targetPort: 9090}
                """);

        JsonNode ports = ApplyConfigurationMerge.apply(service, config).at("/spec/ports");

        assertThat(ports).hasSize(2);
        assertThat(ports.get(0).path("targetPort").asInt()).isEqualTo(9090);
        assertThat(ports.get(0).path("name").asText()).isEqualTo("http");
        assertThat(ports.get(1).path("name").asText()).isEqualTo("dns");
    }

    @Test
    void mergesEnvByName_keepingUnmentionedVariables() throws Exception {
        JsonNode result = applyScenario("env-by-name");

        JsonNode env = container(result, "postgres").path("env");
        assertThat(names(env, "name")).containsExactly("PGDATA", "POSTGRES_PASSWORD", "TZ");
        assertThat(env.get(0).path("value").asText()).isEqualTo("/data/pgdata");
        assertThat(env.get(1).at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("db-secret");
    }

    @Test
    void refusesVolumeClaimTemplates_becauseKubernetesMarksThemAtomic() {
        assertThatThrownBy(() -> applyScenario("volume-claim-templates-atomic"))
                .isInstanceOf(MutationException.class)
                .hasMessageStartingWith("may not mutate atomic arrays, maps or structs: .spec.volumeClaimTemplates, "
                        + ".spec.volumeClaimTemplates[0].spec.accessModes");
    }

    @Test
    void refusesArgsAndCommand_namingEachAtomicListWithinTheContainer() {
        assertThatThrownBy(() -> applyScenario("args-and-command-atomic"))
                .isInstanceOf(MutationException.class)
                .hasMessageStartingWith("may not mutate atomic arrays, maps or structs: "
                        + ".spec.template.spec.containers[0].command, .spec.template.spec.containers[0].args");
    }

    @Test
    void refusesTolerations_becauseKubernetesMarksThemAtomic() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      tolerations:
                      - {key: spot, operator: Exists}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .hasMessageContaining("may not mutate atomic arrays, maps or structs: .spec.template.spec.tolerations");
    }

    @Test
    void refusesAccessModesOfAClaim_asTheApiServerDoes() {
        JsonNode pvc = yaml("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(pvc, yaml("spec: {accessModes: [ReadWriteOncePod]}")))
                .hasMessageContaining("may not mutate atomic arrays, maps or structs: .spec.accessModes");
    }

    @Test
    void refusesAtomicStructsAndMaps_selectorAndSecretKeyRef_evenInsideAListMapElement() {
        JsonNode config = yaml("""
                spec:
                  selector: {matchLabels: {app: db}}
                  template:
                    spec:
                      containers:
                      - name: postgres
                        env:
                        - name: POSTGRES_PASSWORD
                          valueFrom: {secretKeyRef: {name: other, key: password}}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .hasMessageContaining("may not mutate atomic arrays, maps or structs: .spec.selector, "
                        + ".spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef");
    }

    @Test
    void mergesAGranularMapBesideAtomicOnes_labelsOfThePodTemplate() throws Exception {
        JsonNode result = ApplyConfigurationMerge.apply(STS, yaml("spec: {template: {metadata: {labels: {tier: db}}}}"));

        assertThat(result.at("/spec/template/metadata/labels/tier").asText()).isEqualTo("db");
        assertThat(result.at("/spec/template/metadata/labels").size()).isGreaterThan(1);
    }

    @Test
    void mergesMapsRecursively_andNullDeletesFields() throws Exception {
        JsonNode result = applyScenario("maps-merged-null-deletes");

        assertThat(result.at("/metadata/labels/app").asText()).isEqualTo("db");
        assertThat(result.at("/metadata/labels/team").asText()).isEqualTo("storage");
        assertThat(result.at("/metadata/labels").has("tier")).isFalse();
        assertThat(result.at("/metadata/annotations").has("example.com/owner")).isFalse();
        assertThat(result.at("/metadata/annotations").has("config.example.com/a~b")).isTrue();
        assertThat(result.at("/spec/template/spec").has("terminationGracePeriodSeconds")).isFalse();
        JsonNode resources = container(result, "postgres").path("resources");
        assertThat(resources.at("/limits/cpu").asText()).isEqualTo("2");
        assertThat(resources.at("/limits").has("memory")).isFalse();
        assertThat(resources.path("requests")).isEqualTo(container(STS, "postgres").at("/resources/requests"));
    }

    @Test
    void nullForAbsentFieldAddsNothing() throws Exception {
        JsonNode result = ApplyConfigurationMerge.apply(STS, yaml("""
                metadata:
                  labels: {absent: null}
                spec:
                  minReadySeconds: null
                  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: null}
                """));

        assertThat(result.at("/metadata/labels").has("absent")).isFalse();
        assertThat(result.path("spec").has("minReadySeconds")).isFalse();
        assertThat(result.at("/spec/persistentVolumeClaimRetentionPolicy"))
                .isEqualTo(yaml("{whenDeleted: Delete}"));
    }

    @Test
    void mergesFinalizersAsSet() throws Exception {
        JsonNode result = applyScenario("finalizers-as-set");

        assertThat(result.at("/metadata/finalizers"))
                .containsExactly(yaml("example.com/backup"), yaml("example.com/audit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-readiness-probe", "add-sidecar-container", "ports-by-container-port", "env-by-name",
            "maps-merged-null-deletes", "finalizers-as-set"})
    void isIdempotent_applyingAgainToItsResultChangesNothing(String scenario) throws Exception {
        JsonNode config = load(scenario, "apply");
        JsonNode once = ApplyConfigurationMerge.apply(STS, config);

        assertThat(ApplyConfigurationMerge.apply(once, config)).isEqualTo(once);
        assertThat(once).isNotEqualTo(STS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-readiness-probe", "add-sidecar-container", "maps-merged-null-deletes", "finalizers-as-set"})
    void neverModifiesItsInputs(String scenario) throws Exception {
        JsonNode object = STS.deepCopy();
        JsonNode config = load(scenario, "apply");
        JsonNode configBefore = config.deepCopy();

        ApplyConfigurationMerge.apply(object, config);

        assertThat(object).isEqualTo(STS);
        assertThat(config).isEqualTo(configBefore);
    }

    @Test
    void sharesTheSubtreesTheConfigurationLeavesAlone_copyingOnlyThePathToTheChange() throws Exception {
        JsonNode result = ApplyConfigurationMerge.apply(STS, load("add-readiness-probe", "apply"));

        assertThat(result).isNotSameAs(STS);
        assertThat(result.path("spec").path("template").path("spec")).isNotSameAs(STS.path("spec").path("template").path("spec"));
        assertThat(result.path("metadata")).isSameAs(STS.path("metadata"));
        assertThat(result.path("spec").path("volumeClaimTemplates")).isSameAs(STS.path("spec").path("volumeClaimTemplates"));
        assertThat(result.path("spec").path("selector")).isSameAs(STS.path("spec").path("selector"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"add-readiness-probe", "add-sidecar-container", "ports-by-container-port", "env-by-name",
            "maps-merged-null-deletes", "finalizers-as-set"})
    void returnsTheObjectItself_whenTheConfigurationChangesNothing(String scenario) throws Exception {
        JsonNode config = load(scenario, "apply");
        JsonNode once = ApplyConfigurationMerge.apply(STS, config);

        assertThat(ApplyConfigurationMerge.apply(once, config)).isSameAs(once);
    }

    @Test
    void rejectsContainerWithoutName_namingThePath() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: postgres
                      - image: busybox
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("spec.template.spec.containers[1]")
                .hasMessageContaining("missing key field 'name'")
                .extracting(e -> ((MutationException) e).path())
                .isEqualTo("spec.template.spec.containers[1]");
    }

    @Test
    void rejectsPortWithoutContainerPort() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      containers:
                      - name: postgres
                        ports:
                        - {name: pg, protocol: TCP}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("spec.template.spec.containers[0].ports[0]")
                .hasMessageContaining("containerPort");
    }

    @Test
    void rejectsVolumeMountWithoutMountPath() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      initContainers:
                      - name: init-perms
                        volumeMounts:
                        - {name: data}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("spec.template.spec.initContainers[0].volumeMounts[0]")
                .hasMessageContaining("mountPath");
    }

    @Test
    void rejectsDuplicateKeysInApplyConfiguration() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      containers:
                      - {name: postgres, image: a}
                      - {name: postgres, image: b}
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("duplicate");
    }

    /** The e2e mutation differential's sts-env-duplicates-touched and -untouched, as one container. */
    private static final JsonNode STS_REPEATING_ENV = yaml("""
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    env:
                    - {name: FIRST, value: "0"}
                    - {name: ZONE, value: zone-x}
                    - {name: OTHER, value: "1"}
                    - {name: ZONE, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: OTHER, value: "2"}
            """);

    private static final JsonNode ZONE_ENV = yaml("""
            spec:
              template:
                spec:
                  containers:
                  - name: app
                    env:
                    - {name: ZONE, value: zone-a}
            """);

    @Test
    void replacesRepeatsOfANamedKeyByTheConfiguredElementAlone_andKeepsOtherRepeats_on137() throws Exception {
        JsonNode result = ApplyConfigurationMerge.apply(STS_REPEATING_ENV, ZONE_ENV, KubernetesVersion.V1_37);

        assertThat(result.at("/spec/template/spec/containers/0/env")).isEqualTo(yaml("""
                - {name: FIRST, value: "0"}
                - {name: ZONE, value: zone-a}
                - {name: OTHER, value: "1"}
                - {name: OTHER, value: "2"}
                """));
    }

    @Test
    void refusesAnObjectThatRepeatsAListKey_evenOneTheConfigurationDoesNotName_before137() {
        JsonNode labelsOnly = yaml("metadata: {labels: {tier: web}}");

        for (KubernetesVersion version : List.of(KubernetesVersion.V1_34, KubernetesVersion.V1_36)) {
            assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS_REPEATING_ENV, labelsOnly, version))
                    .isInstanceOf(MutationException.class)
                    .hasMessageContaining("duplicate entries for spec.template.spec.containers[0].env {name=\"ZONE\"}");
        }
    }

    @Test
    void rejectsListMapElementThatIsNotAnObject() {
        JsonNode config = yaml("""
                spec:
                  template:
                    spec:
                      containers: [postgres]
                """);

        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, config))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("must be an object");
    }

    @Test
    void rejectsApplyConfigurationOfAnotherKind() {
        assertThatThrownBy(() -> ApplyConfigurationMerge.apply(STS, yaml("{kind: Deployment}")))
                .isInstanceOf(MutationException.class)
                .hasMessageContaining("kind");
    }
}
