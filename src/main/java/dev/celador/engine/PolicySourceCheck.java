package dev.celador.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicyTree;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * Checks a write of Celador's own policy ConfigMap before the API server stores it: its keys are
 * read as the files of the mounted directory would be (same reader, same order, same file filter),
 * assembled and compiled with the webhook's CEL environment, and the write is denied, listing every
 * problem as {@code key:line:column: policy/field: message}, when anything would not load. A
 * ConfigMap that loads cleanly, and any request without a new object (a DELETE), is allowed:
 * deleting the ConfigMap removes no policy from a running webhook, which keeps the set it has.
 */
public final class PolicySourceCheck {

    /** A denial lists at most this many problems: a 1 MiB ConfigMap of broken files must not make a megabyte message. */
    static final int MAX_LISTED_PROBLEMS = 100;
    /** And stops adding problems past this many characters (a CEL error quotes its expression line). */
    static final int MAX_MESSAGE_CHARS = 32 * 1024;

    /** Problems by key, then line (stable: problems of one line keep the loader's order). */
    private static final Comparator<Problem> IN_FILE_ORDER = Comparator
            .comparing((Problem p) -> String.valueOf(p.source().file())).thenComparingInt(p -> p.source().line());

    private final CelEnvironment cel;
    private final PolicyLoader loader = new PolicyLoader();

    /** cel: the webhook's environment, built once (building one takes 0.5 to 1 s). */
    public PolicySourceCheck(CelEnvironment cel) {
        this.cel = cel;
    }

    /**
     * Every problem the policy tree held by this ConfigMap would load with, by key and line; empty
     * when it loads cleanly. Keys that are not *.yaml, *.yml or *.json are ignored, as the directory
     * walk ignores such files; binaryData keys are decoded, as the kubelet writes them as files too.
     * One check runs at a time: compiling a whole set keeps a core busy, and a burst of policy writes
     * must not take the cores that answer admission requests.
     */
    public synchronized List<Problem> problems(JsonNode configMap) {
        List<Problem> problems = new ArrayList<>();
        PolicyTree tree = PolicyTree.of(files(configMap, problems), problems);
        List<Problem> all = new ArrayList<>(new PolicyCompiler(cel).compile(loader.load(tree)).problems());
        all.sort(IN_FILE_ORDER);
        return List.copyOf(all);
    }

    /** The answer to a write of a policy ConfigMap: allowed when it would load cleanly, else 422 with every problem. */
    public AdmissionVerdict verdict(AdmissionRequest request) {
        JsonNode object = request.object();
        if (object == null || !isConfigMap(request)) {
            return AdmissionVerdict.assemble(request.uid(), List.of());
        }
        List<Problem> problems = problems(object);
        if (problems.isEmpty()) {
            return AdmissionVerdict.assemble(request.uid(), List.of());
        }
        return new AdmissionVerdict(request.uid(), false, 422, "Invalid", message(request, problems), List.of(), Map.of(), List.of());
    }

    /** Only core/v1 ConfigMaps hold a policy tree; a webhook rule that sends anything else gets no opinion. */
    private static boolean isConfigMap(AdmissionRequest request) {
        return request.group().isEmpty() && request.resource().equals("configmaps") && request.subResource().isEmpty();
    }

    static String message(AdmissionRequest request, List<Problem> problems) {
        StringBuilder sb = new StringBuilder("ConfigMap ").append(request.namespace()).append('/').append(request.name())
                .append(" is refused: its policies would not load (").append(problems.size())
                .append(problems.size() == 1 ? " problem):" : " problems):");
        int listed = 0;
        for (Problem p : problems) {
            String line = p.located();
            if (listed == 0 && line.length() > MAX_MESSAGE_CHARS) {
                line = line.substring(0, MAX_MESSAGE_CHARS) + "…"; // the first problem is always shown
            }
            if (listed == MAX_LISTED_PROBLEMS || sb.length() + line.length() > MAX_MESSAGE_CHARS + 1024) {
                break;
            }
            sb.append('\n').append(line);
            listed++;
        }
        if (listed < problems.size()) {
            sb.append("\n... and ").append(problems.size() - listed).append(" more (celador lint on the files lists them all)");
        }
        return sb.toString();
    }

    /**
     * The policy files of the ConfigMap by key (PolicyTree sorts them as the directory walk does). The
     * API server allows a key only in data or in binaryData and only of [-._a-zA-Z0-9], so keys
     * are file names; one starting with ".." would be the kubelet's own and is left out as the
     * walk leaves it out.
     */
    private static Map<String, byte[]> files(JsonNode configMap, List<Problem> problems) {
        Map<String, byte[]> files = new HashMap<>();
        configMap.path("data").fields().forEachRemaining(e -> {
            if (isPolicyFile(e.getKey())) {
                if (e.getValue().isTextual()) {
                    files.put(e.getKey(), e.getValue().textValue().getBytes(StandardCharsets.UTF_8));
                } else {
                    problems.add(Problem.of(new SourceRef(e.getKey(), 0, ""), null, "data value is not a string"));
                }
            }
        });
        configMap.path("binaryData").fields().forEachRemaining(e -> {
            if (isPolicyFile(e.getKey())) {
                try {
                    files.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
                } catch (IllegalArgumentException ex) {
                    problems.add(Problem.of(new SourceRef(e.getKey(), 0, ""), null, "binaryData value is not base64"));
                }
            }
        });
        return files;
    }

    private static boolean isPolicyFile(String key) {
        return !key.startsWith("..") && DocumentReader.isPolicyFileName(key);
    }
}
