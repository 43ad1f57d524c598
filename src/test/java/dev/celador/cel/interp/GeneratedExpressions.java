package dev.celador.cel.interp;

import java.util.Random;

/**
 * Well-typed Kubernetes CEL expressions made from a seed, over the fields GeneratedObjects makes:
 * each generator method returns an expression of one CEL type (bool, int, double, string, list,
 * map, dyn), built from field reads (which may be missing or null at run time), literals, the
 * operators across int/uint/double, string functions (strings extension v2, format, regex),
 * macros and two-variable comprehensions, optionals (?., [?], orValue, or, hasValue, value), and
 * the Kubernetes libraries (lists, quantity, ip/cidr, url, semver). Depth bounds the size.
 */
final class GeneratedExpressions {

    private static final String[] LITERAL_STRINGS = {"''", "'a'", "'web'", "'漢'", "'🦀'", "'e\\u0301'", "','",
            "'.'", "'db-0'", "'1Gi'", "'500m'", "'10.0.0.1'", "'::1'", "'10.0.0.0/8'", "'v1.2.3'", "'https://a.b/c?d=1'"};
    private static final String[] LITERAL_INTS = {"0", "1", "-1", "2", "7", "9223372036854775807", "-9223372036854775808",
            "9007199254740993", "4294967296"};
    private static final String[] LITERAL_DOUBLES = {"0.0", "-0.0", "0.5", "1.0", "2.5", "1e300", "-1e-300", "3.0"};
    private static final String[] LITERAL_UINTS = {"0u", "1u", "2u", "18446744073709551615u", "9223372036854775808u"};
    private static final String[] REGEXES = {"'^[a-z]+$'", "'漢'", "'[0-9]+'", "'^$'", "'(a|b)'", "'.*'"};

    private final Random random;
    private int vars;

    GeneratedExpressions(long seed) {
        this.random = new Random(seed);
    }

    /** A boolean expression (what validations and matchConditions are), or now and then any type. */
    String next() {
        vars = 0;
        return switch (random.nextInt(8)) {
            case 0 -> integer(3);
            case 1 -> string(3);
            case 2 -> dyn(3);
            case 3 -> list(3);
            default -> bool(4);
        };
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String stringField() {
        return pick("object.metadata.name", "object.metadata.namespace", "object.metadata.labels.app",
                "object.metadata.labels['漢']", "object.spec.containers[0].name", "object.spec.containers[0].image",
                "object.spec.names[0]", "object.metadata.annotations.tier", "object.spec.selector.cpu",
                "object.spec.containers[1].resources.requests.memory");
    }

    private String intField() {
        return pick("object.spec.replicas", "object.spec.items[0]", "object.spec.items[1]",
                "object.spec.containers[0].ports[0].containerPort", "object.spec.count");
    }

    private String listField() {
        return pick("object.spec.items", "object.spec.mixed", "object.spec.names", "object.spec.containers",
                "object.spec.containers[0].ports", "object.metadata.labels.map(k, k)");
    }

    private String mapField() {
        return pick("object.metadata.labels", "object.metadata.annotations", "object.spec.selector",
                "object.spec.containers[0].resources.requests", "object.spec", "object.metadata");
    }

    String bool(int depth) {
        if (depth <= 0) {
            return pick("true", "false", "has(object.spec.replicas)", "has(object.metadata.labels)",
                    "object.spec.paused", "has(object.spec.containers)");
        }
        int d = depth - 1;
        return switch (random.nextInt(28)) {
            case 0 -> "(" + bool(d) + " && " + bool(d) + ")";
            case 1 -> "(" + bool(d) + " || " + bool(d) + ")";
            case 2 -> "!" + bool(d);
            case 3 -> "(" + integer(d) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + number(d) + ")";
            case 4 -> "(" + dbl(d) + " " + pick("<", "<=", ">", ">=", "==", "!=") + " " + number(d) + ")";
            case 5 -> "(" + string(d) + " " + pick("<", "==", "!=", ">=") + " " + string(d) + ")";
            case 6 -> string(d) + "." + pick("startsWith", "endsWith", "contains") + "(" + string(d) + ")";
            case 7 -> string(d) + ".matches(" + pick(REGEXES) + ")";
            case 8 -> {
                String v = var();
                yield listField() + "." + pick("all", "exists", "exists_one") + "(" + v + ", " + elementTest(v, d) + ")";
            }
            case 9 -> "(" + string(d) + " in " + pick("object.metadata.labels", "object.spec.names", "['a', 'web', '漢']") + ")";
            case 10 -> "(" + number(d) + " in " + pick("object.spec.items", "[1, 2.0, 3u]", "object.spec.mixed") + ")";
            case 11 -> "has(" + pick("object.metadata.labels.app", "object.spec.containers", "object.spec.ratio",
                    "object.metadata.annotations.tier", "object.spec.selector.cpu") + ")";
            case 12 -> optionalOf(d) + ".hasValue()";
            case 13 -> "(" + bool(d) + " ? " + bool(d) + " : " + bool(d) + ")";
            case 14 -> "(size(" + pick(stringField(), listField(), mapField()) + ") " + pick(">", "==", "<=") + " " + integer(0) + ")";
            case 15 -> pick("object.spec.items", "[3, 1, 2]", "['b', 'a']", "object.spec.names") + ".isSorted()";
            case 16 -> "quantity(" + pick("'1Gi'", "'500m'", "'2'", string(0)) + ")." + pick("isGreaterThan", "isLessThan")
                    + "(quantity(" + pick("'1'", "'1024Mi'", "'0.5'") + "))";
            case 17 -> "isQuantity(" + string(d) + ")";
            case 18 -> pick("isIP", "isCIDR", "isURL", "isSemver") + "(" + string(d) + ")";
            case 19 -> "cidr(" + pick("'10.0.0.0/8'", "'::/0'", "'192.168.0.0/16'") + ").containsIP(" + pick("'10.1.2.3'", "'::1'", string(0)) + ")";
            case 20 -> "(" + uint() + " " + pick("<", "==", ">=") + " " + number(d) + ")";
            case 21 -> "(" + dyn(d) + " == " + dyn(d) + ")";
            case 22 -> "(" + list(d) + " == " + list(d) + ")";
            case 23 -> {
                String k = var();
                String v = var();
                yield mapField() + "." + pick("all", "exists") + "(" + k + ", " + v + ", " + k + ".startsWith('a') || " + v + " == 'web')";
            }
            case 24 -> "(" + optionalOf(d) + ".orValue(" + dyn(0) + ") == " + dyn(0) + ")";
            case 25 -> string(d) + ".lowerAscii() == " + string(d) + ".upperAscii().lowerAscii()";
            case 26 -> "semver(" + pick("'1.2.3'", "'v1.0.0'", "'0.0.1'") + ").isGreaterThan(semver('1.0.0'))";
            default -> "(" + integer(d) + " " + pick("<", "==") + " " + dbl(d) + ")";
        };
    }

    /** A boolean test of a list element held in v (whatever its kind). */
    private String elementTest(String v, int d) {
        return switch (random.nextInt(6)) {
            case 0 -> v + " == " + pick("1", "'web'", "1.0", "null", "true");
            case 1 -> "has(" + v + ".name)";
            case 2 -> "string(" + v + ").size() > 1";
            case 3 -> v + " > 2";
            case 4 -> "type(" + v + ") == " + pick("int", "string", "double", "map", "list", "bool", "null_type");
            default -> v + ".?name.orValue('') == " + string(0);
        };
    }

    private String number(int d) {
        return switch (random.nextInt(3)) {
            case 0 -> integer(d);
            case 1 -> dbl(d);
            default -> uint();
        };
    }

    private String uint() {
        return pick(LITERAL_UINTS) + (random.nextInt(4) == 0 ? "" : "");
    }

    String integer(int depth) {
        if (depth <= 0) {
            return random.nextBoolean() ? pick(LITERAL_INTS) : intField();
        }
        int d = depth - 1;
        return switch (random.nextInt(16)) {
            case 0 -> "(" + integer(d) + " " + pick("+", "-", "*", "/", "%") + " " + integer(d) + ")";
            case 1 -> "size(" + pick(stringField(), listField(), mapField(), string(d)) + ")";
            case 2 -> "int(" + pick(dbl(d), string(0), "'42'", "'-7'", uint()) + ")";
            case 3 -> pick("object.spec.items", "[1, 2, 3]", "[9223372036854775807, 1]") + "." + pick("sum()", "min()", "max()");
            case 4 -> listField() + ".indexOf(" + dyn(0) + ")";
            case 5 -> string(d) + ".indexOf(" + string(d) + ")";
            case 6 -> "-" + integer(d);
            case 7 -> "(" + bool(d) + " ? " + integer(d) + " : " + integer(d) + ")";
            case 8 -> "quantity(" + pick("'1Gi'", "'500m'", "'2'", "'1e3'") + ")." + pick("sign()", "compareTo(quantity('1'))", "asInteger()");
            case 9 -> "object.spec.?replicas.orValue(" + integer(0) + ")";
            case 10 -> string(d) + ".lastIndexOf(" + string(0) + ")";
            case 11 -> "ip(" + pick("'10.0.0.1'", "'::1'") + ").family()";
            case 12 -> "cidr(" + pick("'10.0.0.0/8'", "'fd00::/16'") + ").prefixLength()";
            case 13 -> listField() + ".filter(" + var1() + ").size()";
            default -> intField();
        };
    }

    private String var1() {
        String v = var();
        return v + ", " + elementTest(v, 0);
    }

    String dbl(int depth) {
        if (depth <= 0) {
            return random.nextBoolean() ? pick(LITERAL_DOUBLES) : "object.spec.ratio";
        }
        int d = depth - 1;
        return switch (random.nextInt(6)) {
            case 0 -> "(" + dbl(d) + " " + pick("+", "-", "*", "/") + " " + dbl(d) + ")";
            case 1 -> "double(" + pick(integer(d), string(0), "'1.5'", uint()) + ")";
            case 2 -> "quantity(" + pick("'1Gi'", "'500m'", "'1.5'") + ").asApproximateFloat()";
            case 3 -> "[1.5, 0.5, " + dbl(0) + "].min()";
            default -> "object.spec.ratio";
        };
    }

    String string(int depth) {
        if (depth <= 0) {
            return random.nextBoolean() ? pick(LITERAL_STRINGS) : stringField();
        }
        int d = depth - 1;
        return switch (random.nextInt(18)) {
            case 0 -> "(" + string(d) + " + " + string(d) + ")";
            case 1 -> string(d) + "." + pick("lowerAscii()", "upperAscii()", "trim()");
            case 2 -> string(d) + ".replace(" + string(0) + ", " + string(0) + ")";
            case 3 -> string(d) + ".substring(" + pick("0", "1", "3") + ")";
            case 4 -> "string(" + pick(integer(d), dbl(d), uint(), "true", string(0)) + ")";
            case 5 -> string(d) + ".split(" + pick("','", "''", "'.'") + ").join('-')";
            case 6 -> "'%s/%d'.format([" + string(d) + ", " + integer(0) + "])";
            case 7 -> "object.metadata.?labels[?'app'].orValue(" + string(0) + ")";
            case 8 -> string(d) + ".charAt(" + pick("0", "1", "2") + ")";
            case 9 -> "(" + bool(d) + " ? " + string(d) + " : " + string(d) + ")";
            case 10 -> listField() + ".map(" + var() + ", 'x').join(',')";
            case 11 -> pick("'%v'", "'%.2f'", "'%x'", "'%o'", "'%b'") + ".format([" + pick(integer(0), dbl(0), string(0)) + "])";
            case 12 -> string(d) + ".find(" + pick(REGEXES) + ")";
            case 13 -> "strings.quote(" + string(d) + ")";
            case 14 -> "url(" + pick("'https://a.b:8080/c?d=1'", "'http://[::1]/x'") + ")." + pick("getHost()", "getScheme()", "getEscapedPath()", "getPort()");
            case 15 -> "string(ip(" + pick("'10.0.0.1'", "'::ffff:1.2.3.4'", "'fe80::1'") + "))";
            default -> stringField();
        };
    }

    String list(int depth) {
        if (depth <= 0) {
            return pick(listField(), "[]", "[1, 2]", "['a', 'web']", "[1, 'a', null]");
        }
        int d = depth - 1;
        return switch (random.nextInt(9)) {
            case 0 -> {
                String v = var();
                yield listField() + ".map(" + v + ", " + pick(v, "string(" + v + ")", "type(" + v + ") == int") + ")";
            }
            case 1 -> listField() + ".filter(" + var1() + ")";
            case 2 -> "(" + list(d) + " + " + list(d) + ")";
            case 3 -> "[" + dyn(d) + ", " + dyn(d) + "]";
            case 4 -> string(d) + ".split(" + pick("','", "'.'") + ")";
            case 5 -> "[" + integer(d) + ", " + integer(d) + "].sort()";
            case 6 -> {
                String i = var();
                String v = var();
                yield listField() + ".transformList(" + i + ", " + v + ", " + i + ")";
            }
            case 7 -> pick(listField(), "[[1, 2], [3]]", "[3, 1, 2, 1]") + "." + pick("flatten()", "distinct()", "reverse()", "slice(0, 1)", "sort()");
            default -> mapField() + ".map(k, k)";
        };
    }

    String dyn(int depth) {
        if (depth <= 0) {
            return pick("object.spec.replicas", "object.metadata.name", "object.spec.ratio", "null", "1", "1u", "1.0",
                    "'web'", "object.spec.count", "object.spec.mixed[0]", "object.spec.paused", "object.metadata.labels");
        }
        int d = depth - 1;
        return switch (random.nextInt(10)) {
            case 0 -> optionalOf(d) + ".orValue(" + dyn(0) + ")";
            case 1 -> "{" + string(0) + ": " + dyn(d) + "}";
            case 2 -> mapField() + "[" + string(0) + "]";
            case 3 -> listField() + "[" + pick("0", "1", "-1", "2") + "]";
            case 4 -> mapField() + ".transformMap(k, v, " + pick("k", "v", "size(k)") + ")";
            case 5 -> "dyn(" + number(d) + ")";
            case 6 -> "object.spec.?containers[?0].?name.or(optional.of(" + string(0) + ")).value()";
            case 7 -> "(" + bool(d) + " ? dyn(" + dyn(d) + ") : dyn(" + dyn(d) + "))";
            default -> dyn(0);
        };
    }

    /** An optional-typed expression. */
    private String optionalOf(int d) {
        return switch (random.nextInt(6)) {
            case 0 -> "object.?spec.?replicas";
            case 1 -> "object.metadata.?labels[?" + string(0) + "]";
            case 2 -> "object.spec.?containers[?" + pick("0", "1", "5") + "]";
            case 3 -> pick("optional.none()", "optional.of(" + dyn(0) + ")", "optional.ofNonZeroValue(" + dyn(0) + ")");
            case 4 -> "object.?metadata.?name.or(object.?spec.?replicas)";
            default -> listField() + "[?" + pick("0", "1") + "]";
        };
    }

    private String var() {
        return "v" + (vars++);
    }
}
