package dev.celador.report;

import java.util.List;
import java.util.Map;

/**
 * One policy's verdict under one binding on one object, as a report result: result is pass, fail,
 * warn, error or skip; actions are the binding's validationActions; severity and category are null
 * unless the policy's annotations give them; foundAt (epoch seconds) is when this verdict was first
 * seen, kept across passes so that a report whose verdicts did not change reads the same and is
 * not written again. Messages are already redacted by the engine.
 */
public record ReportEntry(String policy, String binding, ResourceRef resource, String result, List<String> actions,
        List<String> messages, String severity, String category, long foundAt) implements Comparable<ReportEntry> {

    public ReportEntry {
        actions = List.copyOf(actions);
        messages = List.copyOf(messages);
    }

    /** Whether a report lists this entry: fail, warn and error are listed, pass and skip only counted. */
    public boolean isListed() {
        return result.equals("fail") || result.equals("warn") || result.equals("error");
    }

    private static int rank(String result) {
        return switch (result) {
            case "fail" -> 0;
            case "error" -> 1;
            case "warn" -> 2;
            default -> 3;
        };
    }

    /** The same verdict on the same object, whenever it was found. */
    public boolean sameVerdict(ReportEntry o) {
        return policy.equals(o.policy) && java.util.Objects.equals(binding, o.binding) && resource.equals(o.resource)
                && result.equals(o.result) && actions.equals(o.actions) && messages.equals(o.messages)
                && java.util.Objects.equals(severity, o.severity) && java.util.Objects.equals(category, o.category);
    }

    public ReportEntry foundAt(long seconds) {
        return new ReportEntry(policy, binding, resource, result, actions, messages, severity, category, seconds);
    }

    /** Properties a report result carries besides the OpenReports fields. */
    public Map<String, String> properties() {
        return binding == null ? Map.of("validationActions", String.join(",", actions))
                : Map.of("binding", binding, "validationActions", String.join(",", actions));
    }

    /** Report order: fail, then error, then warn (what a capped report keeps first), then by resource, policy and binding. */
    @Override
    public int compareTo(ReportEntry o) {
        int c = Integer.compare(rank(result), rank(o.result));
        if (c == 0) {
            c = resource.compareTo(o.resource);
        }
        if (c == 0) {
            c = policy.compareTo(o.policy);
        }
        return c != 0 ? c : String.valueOf(binding).compareTo(String.valueOf(o.binding));
    }
}
