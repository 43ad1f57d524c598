package dev.celador.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes a policy tree of N ValidatingPolicies of which the same 10 select a StatefulSet CREATE
 * (each with three validations and a variable, as library policies are written) and the others,
 * the same shape, select other resources: Deployments, DaemonSets, Jobs, ConfigMaps, Pods, CRDs
 * of 40 made-up groups, spread over operations. Load time grows with N; a request should not.
 */
public final class ScalePolicies {

    public static final int MATCHING = 10;
    private static final String[][] OTHER = {
            {"apps", "deployments"}, {"apps", "daemonsets"}, {"batch", "jobs"}, {"batch", "cronjobs"},
            {"", "configmaps"}, {"", "pods"}, {"networking.k8s.io", "ingresses"}, {"policy", "poddisruptionbudgets"}};

    private ScalePolicies() {
    }

    public static void write(Path dir, int count) {
        try {
            for (int i = 0; i < count; i++) {
                String group;
                String resource;
                if (i < MATCHING) {
                    group = "apps";
                    resource = "statefulsets";
                } else if (i % 2 == 0) {
                    group = OTHER[i % OTHER.length][0];
                    resource = OTHER[i % OTHER.length][1];
                } else {
                    group = "g" + (i % 40) + ".bench.example.com";
                    resource = "widgets" + i;
                }
                Files.writeString(dir.resolve("policy-" + i + ".yaml"), policy(i, group, resource));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String policy(int i, String group, String resource) {
        return """
                apiVersion: celador.dev/v1alpha1
                kind: ValidatingPolicy
                metadata:
                  name: bench-%04d
                spec:
                  validationActions: [Deny]
                  failurePolicy: Fail
                  matchConstraints:
                    resourceRules:
                      - apiGroups: ["%s"]
                        apiVersions: ["*"]
                        resources: ["%s"]
                        operations: ["CREATE", "UPDATE"]
                  variables:
                    - name: containers
                      expression: "has(object.spec.template) ? object.spec.template.spec.containers : []"
                  validations:
                    - expression: "variables.containers.all(c, has(c.resources) && has(c.resources.requests))"
                      message: "every container sets resources.requests (%d)"
                    - expression: "!has(object.spec.replicas) || object.spec.replicas >= 1"
                      message: "replicas is at least 1"
                    - expression: "has(object.metadata.labels) && 'app.kubernetes.io/name' in object.metadata.labels"
                      messageExpression: "'add label app.kubernetes.io/name to ' + object.metadata.name"
                """.formatted(i, group, resource, i);
    }

    public static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
