package dev.celador.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactNodeFactoryTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final ObjectMapper COMPACT = CompactNodeFactory.mapper(new ObjectMapper());

    private static byte[] statefulSet() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree(Files.readString(Path.of("bench/reviews/statefulset.yaml")));
        return PLAIN.writeValueAsBytes(yaml);
    }

    @Test
    void aStatefulSetReadsIntoTheSameTreeAndWritesBackByteForByte() throws Exception {
        byte[] json = statefulSet();
        JsonNode plain = PLAIN.readTree(json);
        JsonNode compact = COMPACT.readTree(json);
        assertEquals(plain, compact);
        assertEquals(compact, plain);
        assertEquals(plain.hashCode(), compact.hashCode());
        assertEquals(new String(json), COMPACT.writeValueAsString(compact), "field order kept");
        assertTrue(((ObjectNode) compact.path("metadata").path("labels")).size() > 1);
    }

    @Test
    void aParsedObjectKeepsItsFieldsInASmallOrderedMap() throws Exception {
        JsonNode compact = COMPACT.readTree(statefulSet());
        java.lang.reflect.Field children = ObjectNode.class.getDeclaredField("_children");
        children.setAccessible(true);
        assertTrue(children.get(compact.path("metadata").path("labels")) instanceof SmallOrderedMap<?, ?>);
        assertTrue(children.get(compact.deepCopy()) instanceof SmallOrderedMap<?, ?>, "copies too");
        assertTrue(children.get(PLAIN.readTree(statefulSet())) instanceof java.util.LinkedHashMap<?, ?>, "Jackson's own");
    }

    @Test
    void anObjectWithManyFieldsKeepsItsOrderAndLookups() throws Exception {
        StringBuilder json = new StringBuilder("{");
        List<String> names = new ArrayList<>();
        for (int i = 40; i > 0; i--) {
            names.add("f" + i);
            json.append(i == 40 ? "" : ",").append("\"f").append(i).append("\":").append(i);
        }
        JsonNode tree = COMPACT.readTree(json.append('}').toString());
        assertEquals(names, iterable(tree.fieldNames()));
        assertEquals(17, tree.path("f17").intValue());
        assertEquals(PLAIN.readTree(json.toString()), tree);
    }

    @Test
    void editsAndCopiesBehaveAsOnJacksonsOwnTree() throws Exception {
        byte[] json = statefulSet();
        ObjectNode plain = (ObjectNode) PLAIN.readTree(json);
        ObjectNode compact = (ObjectNode) COMPACT.readTree(json);
        for (ObjectNode tree : List.of(plain, compact)) {
            ObjectNode metadata = (ObjectNode) tree.get("metadata");
            metadata.remove("uid");
            metadata.put("generation", 2);
            metadata.withObject("/labels").put("added", "yes");
            metadata.retain("name", "namespace", "labels", "generation");
            tree.without("status");
        }
        assertEquals(PLAIN.writeValueAsString(plain), COMPACT.writeValueAsString(compact));
        ObjectNode copy = compact.deepCopy();
        ((ObjectNode) copy.get("metadata")).put("name", "changed");
        assertNotEquals(copy, compact, "a deep copy is independent of its source");
        assertEquals(PLAIN.writeValueAsString(plain), COMPACT.writeValueAsString(compact));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
