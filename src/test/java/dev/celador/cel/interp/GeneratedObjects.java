package dev.celador.cel.interp;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * JSON-shaped admission objects made from a seed, in the CEL form JsonToCel gives (Long, Double,
 * String, Boolean, List, Map, NullValue): a Deployment-like shape whose every field may be missing
 * or null, numbers at the edges (0, -1, Long.MIN/MAX, 2^53, huge and tiny doubles, NaN is never in
 * JSON), strings with unicode (CJK, emoji outside the BMP, combining marks) and lists of mixed kinds.
 */
final class GeneratedObjects {

    static final String[] STRINGS = {"", "a", "web", "db-0", "Web", "漢字", "🦀x", "e\u0301", "a,b,c", " spaced ",
            "10.0.0.1", "::1", "192.168.0.0/16", "500m", "1Gi", "2", "https://example.com/a?b=c", "v1.2.3", "ABC", "x.y.z"};
    static final long[] INTS = {0, 1, -1, 2, 3, 7, 100, -42, 9007199254740993L, Long.MAX_VALUE, Long.MIN_VALUE, 4294967296L};
    static final double[] DOUBLES = {0.0, -0.0, 0.5, 1.0, 2.5, -3.75, 1e300, -1e-300, 9007199254740992.0, 3.0};

    private final Random random;

    GeneratedObjects(long seed) {
        this.random = new Random(seed);
    }

    Map<String, Object> next() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "apps/v1");
        object.put("kind", "Deployment");
        object.put("metadata", maybe(this::metadata));
        object.put("spec", maybe(this::spec));
        return object;
    }

    private Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "name", this::string);
        put(m, "namespace", this::string);
        put(m, "labels", () -> stringMap(random.nextInt(4)));
        put(m, "annotations", () -> stringMap(random.nextInt(3)));
        return m;
    }

    private Map<String, Object> spec() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "replicas", this::integer);
        put(m, "ratio", this::dbl);
        put(m, "paused", random::nextBoolean);
        put(m, "count", this::number);
        put(m, "items", () -> list(random.nextInt(5), this::integer));
        put(m, "mixed", () -> list(random.nextInt(4), this::scalar));
        put(m, "names", () -> list(random.nextInt(4), this::string));
        put(m, "containers", () -> list(random.nextInt(4), this::container));
        put(m, "selector", () -> stringMap(random.nextInt(3)));
        return m;
    }

    private Map<String, Object> container() {
        Map<String, Object> c = new LinkedHashMap<>();
        put(c, "name", this::string);
        put(c, "image", this::string);
        put(c, "ports", () -> list(random.nextInt(3), () -> {
            Map<String, Object> p = new LinkedHashMap<>();
            put(p, "containerPort", this::integer);
            put(p, "name", this::string);
            return p;
        }));
        put(c, "resources", () -> {
            Map<String, Object> r = new LinkedHashMap<>();
            put(r, "requests", () -> stringMap(random.nextInt(3)));
            put(r, "limits", () -> stringMap(random.nextInt(2)));
            return r;
        });
        return c;
    }

    /** Present (most often), absent, or null. */
    private void put(Map<String, Object> m, String key, java.util.function.Supplier<Object> value) {
        int roll = random.nextInt(10);
        if (roll < 7) {
            m.put(key, value.get());
        } else if (roll < 9) {
            return;
        } else {
            m.put(key, NullValue.NULL_VALUE);
        }
    }

    private Object maybe(java.util.function.Supplier<Object> value) {
        return random.nextInt(12) == 0 ? NullValue.NULL_VALUE : value.get();
    }

    String string() {
        return STRINGS[random.nextInt(STRINGS.length)];
    }

    Long integer() {
        return INTS[random.nextInt(INTS.length)];
    }

    Double dbl() {
        return DOUBLES[random.nextInt(DOUBLES.length)];
    }

    Object number() {
        return random.nextBoolean() ? integer() : dbl();
    }

    private Object scalar() {
        return switch (random.nextInt(5)) {
            case 0 -> string();
            case 1 -> integer();
            case 2 -> dbl();
            case 3 -> random.nextBoolean();
            default -> NullValue.NULL_VALUE;
        };
    }

    private List<Object> list(int n, java.util.function.Supplier<Object> element) {
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(element.get());
        }
        return l;
    }

    private Map<String, Object> stringMap(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        String[] keys = {"app", "tier", "cpu", "memory", "漢", "a.b/c"};
        for (int i = 0; i < n; i++) {
            m.put(keys[random.nextInt(keys.length)], string());
        }
        return m;
    }
}
