package dev.celador.cli;

import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `celador check --output text`: per resource a heading with the file and line of its document,
 * then a MUTATED line per mutating policy that changed it (the patch's operations and paths), a
 * line per violation, and a SKIP line per policy exception that lifted a policy. verbose adds a
 * PASS line per passing policy and a SKIP line, with its reason, per policy that did not apply.
 * A summary closes the report.
 */
final class TextReport implements CheckReport {

    private final PrintStream out;
    private final boolean verbose;

    TextReport(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    @Override
    public void begin(CompileResult compiled) {
    }

    @Override
    public void resource(CheckedResource checked) {
        List<String> lines = new ArrayList<>();
        checked.mutations().forEach(m -> lines.add("  MUTATED  " + label(m.policy(), m.binding()) + ": " + m.summary()));
        for (CheckedResource.Row row : checked.rows()) {
            PolicyResult r = row.result();
            String result = r.result();
            String policy = label(r.policy(), r.binding());
            if (result.equals("skip")) {
                if (r.exemption() != null) {
                    lines.add("  SKIP (" + row.skipReason() + ")  " + policy);
                } else if (verbose) {
                    lines.add("  SKIP  " + policy + ": " + row.skipReason());
                }
                continue;
            }
            if (result.equals("pass")) {
                if (verbose) {
                    lines.add("  PASS  " + policy);
                }
            } else {
                String tag = result.toUpperCase() + (result.equals("error") && r.failurePolicy() == FailurePolicy.IGNORE
                        ? " (ignored: failurePolicy Ignore)" : "");
                for (Violation v : r.violations()) {
                    lines.add("  " + tag + "  " + policy + ": " + v.message());
                }
            }
            if (r.exemption() != null) {
                lines.add("  NOTE  " + policy + ": some validations lifted (exception " + r.exemption().exception() + ": "
                        + r.exemption().reason() + ")");
            }
        }
        if (!lines.isEmpty()) {
            out.println(checked.describe() + " (" + checked.place() + ")");
            lines.forEach(out::println);
        }
    }

    @Override
    public void end(Map<String, Integer> s, List<Problem> problems, List<String> warnings) {
        out.printf("%d pass, %d fail, %d warn, %d error, %d skip%n", s.get("pass"), s.get("fail"), s.get("warn"), s.get("error"),
                s.get("skip"));
    }

    private static String label(String policy, String binding) {
        return policy + (binding == null ? "" : " (" + binding + ")");
    }
}
