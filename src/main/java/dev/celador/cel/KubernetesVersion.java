package dev.celador.cel;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes minor release whose admission CEL environment Celador reproduces. The API server
 * builds its environment per compatibility version: a library function introduced in 1.N does not
 * compile for an older target, and each release links its own cel-go, whose runtime details differ
 * (see {@link #plainValuesPassThroughOptionalOr()}). Chosen with {@code --kubernetes-version}, the
 * system property {@value #PROPERTY} or the environment variable {@value #ENVIRONMENT}; the newest
 * supported release otherwise.
 */
public record KubernetesVersion(int minor) implements Comparable<KubernetesVersion> {

    public static final KubernetesVersion V1_34 = new KubernetesVersion(34);
    public static final KubernetesVersion V1_35 = new KubernetesVersion(35);
    public static final KubernetesVersion V1_36 = new KubernetesVersion(36);
    public static final KubernetesVersion V1_37 = new KubernetesVersion(37);
    public static final KubernetesVersion OLDEST = V1_34;
    public static final KubernetesVersion NEWEST = V1_37;
    public static final List<KubernetesVersion> SUPPORTED = List.of(V1_34, V1_35, V1_36, V1_37);

    public static final String PROPERTY = "celador.kubernetes-version";
    public static final String ENVIRONMENT = "CELADOR_KUBERNETES_VERSION";

    private static final Pattern FORM = Pattern.compile("v?1\\.(\\d{1,3})(?:\\.\\d+)?");

    public KubernetesVersion {
        if (minor < OLDEST_MINOR || minor > NEWEST_MINOR) {
            throw new IllegalArgumentException("Kubernetes 1." + minor + " is not supported (supported: 1."
                    + OLDEST_MINOR + " to 1." + NEWEST_MINOR + ")");
        }
    }

    private static final int OLDEST_MINOR = 34;
    private static final int NEWEST_MINOR = 37;

    /**
     * Reads "1.35", "v1.35" or "v1.35.2".
     *
     * @throws IllegalArgumentException naming the supported range, for any other text or release
     */
    public static KubernetesVersion parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a Kubernetes version such as 1.34 (supported: 1."
                    + OLDEST_MINOR + " to 1." + NEWEST_MINOR + ")");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)));
    }

    /** The version the system property or environment variable names, else the newest. */
    public static KubernetesVersion configured() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return parse(property);
        }
        String variable = System.getenv(ENVIRONMENT);
        return variable != null && !variable.isBlank() ? parse(variable) : NEWEST;
    }

    public boolean atLeast(KubernetesVersion other) {
        return minor >= other.minor;
    }

    /**
     * Kubernetes 1.34 to 1.36 link cel-go v0.26, whose {@code x.orValue(d)} and {@code x.or(o)} hand
     * back a receiver x that is not an optional (cel/library.go, evalOptionalOrValue: "if !ok {
     * return optLHS }"). 1.37 links cel-go v0.29, where such a receiver is a "no such overload"
     * error, as it is in dev.cel.
     */
    public boolean plainValuesPassThroughOptionalOr() {
        return minor <= 36;
    }

    @Override
    public int compareTo(KubernetesVersion other) {
        return Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return "1." + minor;
    }
}
