package dev.celador.view;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Resource (plural) names of built-in kinds, as `resource.Get` names them, and the English
 * pluralisation Kubernetes uses for the rest (CRDs declare their plural; this is a fallback).
 */
public final class ResourceNames {

    private static final Map<String, String> KIND_BY_RESOURCE = Map.ofEntries(
            Map.entry("namespaces", "Namespace"), Map.entry("services", "Service"), Map.entry("pods", "Pod"),
            Map.entry("configmaps", "ConfigMap"), Map.entry("secrets", "Secret"),
            Map.entry("persistentvolumeclaims", "PersistentVolumeClaim"), Map.entry("persistentvolumes", "PersistentVolume"),
            Map.entry("serviceaccounts", "ServiceAccount"), Map.entry("endpoints", "Endpoints"), Map.entry("nodes", "Node"),
            Map.entry("statefulsets", "StatefulSet"), Map.entry("deployments", "Deployment"), Map.entry("daemonsets", "DaemonSet"),
            Map.entry("replicasets", "ReplicaSet"), Map.entry("jobs", "Job"), Map.entry("cronjobs", "CronJob"),
            Map.entry("storageclasses", "StorageClass"), Map.entry("volumesnapshotclasses", "VolumeSnapshotClass"),
            Map.entry("poddisruptionbudgets", "PodDisruptionBudget"), Map.entry("ingresses", "Ingress"),
            Map.entry("networkpolicies", "NetworkPolicy"), Map.entry("externalsecrets", "ExternalSecret"));

    private ResourceNames() {
    }

    /** The kind a built-in resource name stands for. */
    public static Optional<String> builtInKind(String resource) {
        return Optional.ofNullable(KIND_BY_RESOURCE.get(resource));
    }

    /** The resource name of a kind: the built-in one, else lower case plural. */
    public static String resourceOf(String kind) {
        for (Map.Entry<String, String> e : KIND_BY_RESOURCE.entrySet()) {
            if (e.getValue().equals(kind)) {
                return e.getKey();
            }
        }
        String lower = kind.toLowerCase(Locale.ROOT);
        if (lower.endsWith("s") || lower.endsWith("x") || lower.endsWith("ch") || lower.endsWith("sh")) {
            return lower + "es";
        }
        if (lower.endsWith("y") && lower.length() > 1 && "aeiou".indexOf(lower.charAt(lower.length() - 2)) < 0) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower + "s";
    }
}
