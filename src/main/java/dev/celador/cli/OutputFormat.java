package dev.celador.cli;

import java.io.PrintStream;

/** What `check` and `test` write on stdout: picocli refuses any other value, naming these. */
enum OutputFormat {
    text,
    json,
    sarif,
    github;

    /** The report check writes in this format. */
    CheckReport checkReport(PrintStream out, boolean verbose) {
        return switch (this) {
            case text -> new TextReport(out, verbose);
            case json -> new JsonReport(out);
            case sarif -> new SarifReport(out);
            case github -> new GithubReport(out);
        };
    }
}
