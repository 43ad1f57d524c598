package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import dev.celador.view.ClusterView;
import dev.celador.view.LayeredClusterView;
import dev.celador.view.StaticClusterView;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options check and mutate share: policies, resources, cluster state and who sends the request. */
final class AdmissionInput {

    @Option(names = "--policies", required = true, arity = "1..*", description = "Policy files or directories.")
    List<String> policies;

    @Option(names = "--resources", required = true, arity = "1..*", description = "Resource files, directories, or - for stdin.")
    List<String> resources;

    @Option(names = "--cluster-state", arity = "1..*", description = "Objects lookups and namespace selectors may see.")
    List<String> clusterState = new ArrayList<>();

    @Option(names = "--operation", defaultValue = "CREATE", description = "CREATE, UPDATE or DELETE (default: ${DEFAULT-VALUE}).")
    String operation;

    @Option(names = "--old", description = "The existing objects, for UPDATE and DELETE (matched by kind, namespace and name).")
    List<String> old = new ArrayList<>();

    @Option(names = "--user", defaultValue = "celador-cli", description = "request.userInfo.username (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--group", description = "request.userInfo.groups entries (system:authenticated is always added).")
    List<String> groups = new ArrayList<>();

    /**
     * Everything read and compiled, ready to check resource by resource; problems are the inputs
     * that did not load (a policy whose expressions do not compile is loaded, and is not one of them).
     */
    record Loaded(OfflineAdmission admission, List<JsonNode> objects, List<JsonNode> olds, OfflineAdmission.Requester requester,
            List<Problem> problems, List<JsonNode> state) {

        JsonNode oldOf(JsonNode object) {
            return AdmissionInput.oldOf(olds, object);
        }
    }

    /** The old object of the same kind, namespace and name, or null. */
    static JsonNode oldOf(List<JsonNode> olds, JsonNode object) {
        for (JsonNode o : olds) {
            if (o.path("kind").equals(object.path("kind")) && o.path("metadata").path("name").equals(object.path("metadata").path("name"))
                    && o.path("metadata").path("namespace").asText("").equals(object.path("metadata").path("namespace").asText(""))) {
                return o;
            }
        }
        return null;
    }

    OfflineAdmission.Requester requester() {
        return new OfflineAdmission.Requester(operation, user, groups);
    }

    boolean validOperation() {
        return Set.of("CREATE", "UPDATE", "DELETE").contains(operation);
    }

    /**
     * Reads and compiles everything that loads. Every problem is printed (prefixed by command) as
     * lint prints it; those of inputs that did not load are also returned, for the exit code, while
     * a policy that does not compile still takes part and gives error results, as in the webhook.
     */
    Loaded load(InputStream stdin, PrintStream err, String command) {
        return load(stdin, err, command, null);
    }

    /** As {@link #load(InputStream, PrintStream, String)}, with lookups that also see the cluster (behind the files' objects) when it is not null. */
    Loaded load(InputStream stdin, PrintStream err, String command, ClusterView cluster) {
        CompileResult compiled = OfflineAdmission.compile(new PolicyLoader().load(policies.stream().map(Path::of).toList()));
        ResourceReader reader = new ResourceReader();
        List<JsonNode> objects = reader.read(resources, stdin);
        List<JsonNode> state = reader.read(clusterState, stdin);
        List<JsonNode> olds = reader.read(old, stdin);
        Set<Problem> ofLoadedPolicies = new HashSet<>();
        compiled.policies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        compiled.mutatingPolicies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        List<Problem> problems = new ArrayList<>(compiled.problems());
        problems.addAll(reader.problems());
        problems.forEach(p -> err.println("celador " + command + ": " + CliProblems.format(p)));
        List<Problem> notLoaded = problems.stream().filter(p -> !ofLoadedPolicies.contains(p)).toList();
        List<JsonNode> visible = new ArrayList<>(objects);
        visible.addAll(state);
        ClusterView view = cluster == null ? new StaticClusterView(visible) : new LayeredClusterView(new StaticClusterView(visible), cluster);
        return new Loaded(OfflineAdmission.of(compiled, view), objects, olds, new OfflineAdmission.Requester(operation, user, groups),
                notLoaded, state);
    }
}
