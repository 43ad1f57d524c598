package dev.celador.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicySet;
import dev.celador.view.StaticClusterView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Loads test policy trees and objects from src/test/resources/engine/&lt;scenario&gt;. */
public final class PolicyTrees {

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final CelEnvironment CEL = new CelEnvironment();

    private PolicyTrees() {
    }

    public static Path path(String resource) {
        URL url = PolicyTrees.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PolicySet load(String scenario) {
        return new PolicyLoader().load(List.of(path("engine/" + scenario)));
    }

    public static CompileResult compile(String scenario) {
        return new PolicyCompiler(CEL).compile(load(scenario));
    }

    /** An engine over a scenario's tree that must load without problems. */
    public static Engine engine(String scenario, JsonNode... clusterObjects) {
        CompileResult compiled = compile(scenario);
        assertEquals(List.of(), compiled.problems(), "problems in " + scenario);
        return new Engine(new PolicyRegistry(new PolicySnapshot(compiled)),
                new StaticClusterView(Arrays.asList(clusterObjects)));
    }

    /** One YAML document from src/test/resources/engine/... */
    public static JsonNode yaml(String resource) {
        try (InputStream in = PolicyTrees.class.getClassLoader().getResourceAsStream("engine/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource engine/" + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
