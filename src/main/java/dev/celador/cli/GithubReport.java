package dev.celador.cli;

import dev.celador.engine.validate.PolicyResult;
import dev.celador.engine.validate.Violation;
import dev.celador.policy.FailurePolicy;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.Problem;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * `--output github`: GitHub Actions workflow commands, one per violation
 * (`::error file=F,line=L,title=policy::message`; `::warning` for Warn and for errors failurePolicy
 * Ignore lets through) and per input problem, so each shows on the line of the manifest in a pull
 * request; then the summary as a plain line.
 */
final class GithubReport implements CheckReport {

    private final PrintStream out;

    GithubReport(PrintStream out) {
        this.out = out;
    }

    @Override
    public void begin(CompileResult compiled) {
    }

    @Override
    public void resource(CheckedResource checked) {
        for (CheckedResource.Row row : checked.rows()) {
            PolicyResult r = row.result();
            String command = switch (r.result()) {
                case "fail" -> "error";
                case "warn" -> "warning";
                case "error" -> r.failurePolicy() == FailurePolicy.FAIL ? "error" : "warning";
                default -> null;
            };
            if (command == null) {
                continue;
            }
            for (Violation v : r.violations()) {
                out.println(annotation(command, checked.file(), checked.line(), r.policy(), checked.describe() + ": " + v.message()));
            }
        }
    }

    @Override
    public void end(Map<String, Integer> s, List<Problem> problems, List<String> warnings) {
        for (Problem p : problems) {
            out.println(annotation("error", p.source().file(), p.source().line(), p.policy() == null ? "input" : p.policy(), p.message()));
        }
        warnings.forEach(w -> out.println("::warning::" + data(w)));
        out.printf("%d pass, %d fail, %d warn, %d error, %d skip%n", s.get("pass"), s.get("fail"), s.get("warn"), s.get("error"),
                s.get("skip"));
    }

    static String annotation(String command, String file, int line, String title, String message) {
        StringBuilder sb = new StringBuilder("::").append(command).append(" file=").append(property(file));
        if (line > 0) {
            sb.append(",line=").append(line);
        }
        return sb.append(",title=").append(property(title)).append("::").append(data(message)).toString();
    }

    /** The escaping the runner undoes in a command's message. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** The escaping the runner undoes in a command's property values. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
