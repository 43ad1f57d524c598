package dev.celador.cel;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CEL functions that a Kubernetes release after the oldest supported one added to the admission
 * environment, by the release that added them (k8s.io/apiserver pkg/cel/environment/base.go). The
 * environment of an older target leaves them out, as the API server's versioned environment does,
 * and a compile error naming one says which release has it.
 */
final class FunctionAvailability {

    /** Function name to the release that introduced it. */
    static final Map<String, KubernetesVersion> INTRODUCED = Map.of("includes", KubernetesVersion.V1_37);

    private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([A-Za-z_][A-Za-z0-9_.]*)'");

    private FunctionAvailability() {
    }

    /** A sentence for the compile error, or "" when no function it names is newer than the target. */
    static String hint(String errors, KubernetesVersion target) {
        Matcher m = UNDECLARED.matcher(errors);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            KubernetesVersion introduced = INTRODUCED.get(m.group(1));
            if (introduced != null && !target.atLeast(introduced)) {
                out.append("\n").append(m.group(1)).append("() is available from Kubernetes ").append(introduced)
                        .append("; the target is Kubernetes ").append(target)
                        .append(" (--kubernetes-version), whose API server refuses this expression");
            }
        }
        return out.toString();
    }
}
