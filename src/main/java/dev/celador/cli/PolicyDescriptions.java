package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.engine.compile.CompileResult;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.SourceRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each policy checks, in one sentence, for reports that describe their rules (SARIF): the
 * policy's own `celador.dev/description` annotation, else the first sentence under its `###`
 * heading in a README.md beside it or in a directory above it (the shipped library's
 * policies/README.md), else none.
 */
final class PolicyDescriptions {

    static final String ANNOTATION = "celador.dev/description";

    /** A policy, the file that defines it and its description (null when none is found). */
    record Described(String name, String file, int line, String description) {
    }

    private static final Pattern HEADING = Pattern.compile("^#{2,4} (`.*)$", Pattern.MULTILINE);
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    private PolicyDescriptions() {
    }

    static List<Described> of(CompileResult compiled) {
        List<Described> all = new ArrayList<>();
        Map<Path, Map<String, String>> readmes = new LinkedHashMap<>();
        compiled.policies().forEach(p -> all.add(describe(p.name(), p.source().source(), readmes)));
        compiled.mutatingPolicies().forEach(p -> all.add(describe(p.name(), p.source().source(), readmes)));
        return all;
    }

    private static Described describe(String name, SourceRef source, Map<Path, Map<String, String>> readmes) {
        String description = annotation(source);
        if (description == null && source.file() != null) {
            Path dir = Path.of(source.file()).toAbsolutePath().getParent();
            for (int up = 0; dir != null && up < 3 && description == null; up++, dir = dir.getParent()) {
                description = readmes.computeIfAbsent(dir, PolicyDescriptions::sections).get(name);
            }
        }
        return new Described(name, source.file(), Math.max(source.line(), 1), description);
    }

    private static String annotation(SourceRef source) {
        if (source.file() == null || !Files.isRegularFile(Path.of(source.file()))) {
            return null;
        }
        String[] found = new String[1];
        new DocumentReader().readFile(Path.of(source.file()), d -> {
            if (d.source().docIndex() == source.docIndex()) {
                JsonNode value = d.node().path("metadata").path("annotations").path(ANNOTATION);
                found[0] = value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
            }
        }, p -> { });
        return found[0];
    }

    /** Policy name to the first sentence of the paragraph under its heading, in dir/README.md. */
    static Map<String, String> sections(Path dir) {
        Map<String, String> sections = new LinkedHashMap<>();
        Path readme = dir.resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            return sections;
        }
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            return sections;
        }
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            int start = m.end();
            while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
                start++;
            }
            int end = text.indexOf("\n\n", start);
            String paragraph = text.substring(start, end < 0 ? text.length() : end).strip().replace("**", "").replaceAll("\\s+", " ");
            Matcher names = NAME.matcher(m.group(1));
            while (names.find()) {
                sections.putIfAbsent(names.group(1), firstSentence(paragraph));
            }
        }
        return sections;
    }

    private static String firstSentence(String paragraph) {
        int depth = 0;
        for (int i = 0; i < paragraph.length(); i++) {
            char c = paragraph.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == '.' && depth == 0 && (i + 1 == paragraph.length() || paragraph.charAt(i + 1) == ' ')) {
                return paragraph.substring(0, i + 1);
            }
        }
        return paragraph;
    }
}
