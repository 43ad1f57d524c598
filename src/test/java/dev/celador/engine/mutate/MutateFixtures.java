package dev.celador.engine.mutate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads YAML fixtures from src/test/resources/mutate/&lt;scenario&gt;/&lt;name&gt;.yaml. */
final class MutateFixtures {

    private static final ObjectMapper YAML = new YAMLMapper();

    private MutateFixtures() {
    }

    static JsonNode load(String scenario, String name) {
        String resource = "mutate/" + scenario + "/" + name + ".yaml";
        try (InputStream in = MutateFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inline YAML, for small trees where a file would hide the point of the test. */
    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
