package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A command run in-process, as bin/celador would run it: exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {

    static CliRun withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CeladorMain.run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun of(String... args) {
        return withStdin("", args);
    }

    JsonNode json() {
        try {
            return new ObjectMapper().readTree(out);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }
}
