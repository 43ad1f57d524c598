package dev.celador.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `celador check`: every policy against every resource, through the same engine as the webhook.
 * Output shape and exit codes are pinned (ARCHITECTURE.md section 6): other tools read them.
 * The options are the fields here and in {@link AdmissionInput} (shared with mutate); the run
 * itself is {@link CheckRun}.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Check resources against policies offline, with the webhook's verdicts.")
final class CheckCommand implements Callable<Integer> {

    static final int OK = CheckRun.OK;
    static final int FAILED = CheckRun.FAILED;
    static final int BAD_INPUT = CheckRun.BAD_INPUT;

    @Mixin
    AdmissionInput input;

    @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, sarif (SARIF 2.1.0) or github (workflow annotations) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = {"-v", "--verbose"}, description = "Text output: also a PASS line per passing policy and a SKIP line, with its reason, "
            + "per policy that did not apply.")
    boolean verbose;

    @Option(names = "--against-cluster", description = "Judge each resource as an UPDATE of the cluster's version (CREATE when absent):"
            + " the kubeconfig's cluster, read-only, or the --cluster-state files when given.")
    boolean againstCluster;

    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(InputStream stdin, PrintStream out, PrintStream err) {
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!input.validOperation()) {
            err.println("celador check: --operation must be CREATE, UPDATE or DELETE, not '" + input.operation + "'");
            return BAD_INPUT;
        }
        if (againstCluster && !input.old.isEmpty()) {
            err.println("celador check: --against-cluster takes each resource's old version from the cluster; leave out --old");
            return BAD_INPUT;
        }
        ClusterBaseline baseline;
        try {
            baseline = againstCluster ? ClusterBaseline.open(!input.clusterState.isEmpty()) : null;
        } catch (RuntimeException e) {
            err.println("celador check: --against-cluster: cannot use the kubeconfig: " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            return new CheckRun(input, stdin, err).run(output.checkReport(out, verbose), baseline);
        } finally {
            if (baseline != null) {
                baseline.close();
            }
        }
    }
}
