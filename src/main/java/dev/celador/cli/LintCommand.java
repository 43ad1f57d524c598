package dev.celador.cli;

import dev.celador.engine.ExceptionChecks;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import dev.celador.cel.KubernetesVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `celador lint`: loads and compiles policies and reports every problem, one line each, then a
 * warning for each policy exception that can never apply (expired, or naming a policy or
 * validation that is not loaded). Warnings do not change the exit code.
 */
@Command(name = "lint", mixinStandardHelpOptions = true, description = "Load and compile policies; report every problem.")
final class LintCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", defaultValue = "policies",
            description = "Policy files or directories (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--kubernetes-version", paramLabel = "1.N", converter = KubernetesVersionOption.class,
            description = "Compile for this release's CEL environment (1.34 to 1.37; default: the newest): a function it"
                    + " does not have is a problem naming the release that has it.")
    KubernetesVersion kubernetesVersion = KubernetesVersion.configured();

    private final PrintStream out;

    LintCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        CompileResult result = new PolicyCompiler(CliCelEnvironment.get(kubernetesVersion)).compile(new PolicyLoader().load(paths));
        for (Problem p : result.problems()) {
            out.println(CliProblems.format(p));
        }
        PolicySnapshot loaded = new PolicySnapshot(result);
        Instant now = Instant.now();
        List<Problem> warnings = loaded.exceptions().stream().flatMap(e -> ExceptionChecks.reasonsItCannotApply(e, loaded, now).stream()).toList();
        for (Problem w : warnings) {
            out.println(format(new Problem(w.source(), w.policy(), "warning: " + w.message(), null)));
        }
        out.printf("%d policies, %d problems%s%n", result.policies().size() + result.mutatingPolicies().size(), result.problems().size(),
                warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings");
        return result.problems().isEmpty() ? 0 : 1;
    }

    /** Problem.located(), then the expression (CEL positions are inside the message). */
    static String format(Problem p) {
        StringBuilder sb = new StringBuilder(p.located());
        if (p.expression() != null) {
            sb.append("\n    expression: ").append(p.expression().trim());
        }
        return sb.toString();
    }
}
