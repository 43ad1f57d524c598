package dev.celador.cel.interp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes that are not function calls, with dev.cel's legacy interpreter semantics on the
 * error-free path; anything else falls back.
 */
final class Nodes {

    private Nodes() {
    }

    static final class Constant extends Node {
        private final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Frame f) {
            return value;
        }
    }

    /** A top-level variable: object, oldObject, request, params, namespaceObject, variables. */
    static final class Global extends Node {
        private final String name;

        Global(String name) {
            this.name = name;
        }

        @Override
        Object eval(Frame f) {
            Object value = f.activation.get(name);
            if (value == null) {
                throw Fallback.INSTANCE; // unbound: dev.cel reports it
            }
            return value;
        }
    }

    /** A comprehension's iteration or accumulator variable. */
    static final class Slot extends Node {
        private final int index;

        Slot(int index) {
            this.index = index;
        }

        @Override
        Object eval(Frame f) {
            return f.slots[index];
        }
    }

    /** {@code operand.field} on a map; a missing key is dev.cel's error, so it falls back. */
    static final class Select extends Node {
        private final Node operand;
        private final String field;

        Select(Node operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        Object eval(Frame f) {
            if (operand.run(f) instanceof Map<?, ?> map) {
                Object value = map.get(field);
                if (value != null) {
                    return value;
                }
            }
            throw Fallback.INSTANCE;
        }
    }

    /** {@code has(operand.field)}. */
    static final class Has extends Node {
        private final Node operand;
        private final String field;

        Has(Node operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        Object eval(Frame f) {
            if (operand.run(f) instanceof Map<?, ?> map) {
                return map.containsKey(field);
            }
            throw Fallback.INSTANCE;
        }
    }

    static final class And extends Node {
        private final Node left;
        private final Node right;

        And(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame f) {
            return bool(left.run(f)) ? (Object) bool(right.run(f)) : Boolean.FALSE;
        }
    }

    static final class Or extends Node {
        private final Node left;
        private final Node right;

        Or(Node left, Node right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame f) {
            return bool(left.run(f)) ? Boolean.TRUE : (Object) bool(right.run(f));
        }
    }

    static final class Not extends Node {
        private final Node operand;

        Not(Node operand) {
            this.operand = operand;
        }

        @Override
        Object eval(Frame f) {
            return !bool(operand.run(f));
        }
    }

    static final class Conditional extends Node {
        private final Node condition;
        private final Node then;
        private final Node otherwise;

        Conditional(Node condition, Node then, Node otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Frame f) {
            return bool(condition.run(f)) ? then.run(f) : otherwise.run(f);
        }
    }

    /** The loop condition of all/exists: only false stops; an error would not, so it falls back. */
    static final class NotStrictlyFalse extends Node {
        private final Node operand;

        NotStrictlyFalse(Node operand) {
            this.operand = operand;
        }

        @Override
        Object eval(Frame f) {
            Object value = operand.run(f);
            return value instanceof Boolean ? value : Boolean.TRUE;
        }
    }

    static final class ListLiteral extends Node {
        private final Node[] elements;

        ListLiteral(Node[] elements) {
            this.elements = elements;
        }

        @Override
        Object eval(Frame f) {
            List<Object> list = new ArrayList<>(elements.length);
            for (Node e : elements) {
                list.add(e.run(f));
            }
            return list;
        }
    }

    static final class MapLiteral extends Node {
        private final Node[] keys;
        private final Node[] values;

        MapLiteral(Node[] keys, Node[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        Object eval(Frame f) {
            Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, keys.length * 2));
            for (int i = 0; i < keys.length; i++) {
                Object key = keys[i].run(f);
                if (!(key instanceof String || key instanceof Long || key instanceof Boolean)) {
                    throw Fallback.INSTANCE;
                }
                Object value = values[i].run(f);
                if (map.put(key, value) != null) {
                    throw Fallback.INSTANCE; // duplicate key
                }
            }
            return map;
        }
    }

    /**
     * A comprehension (the expansion of all, exists, exists_one, map, filter and the two-variable
     * forms): lists iterate their elements (index and element with two variables), maps their keys
     * (key and value). The result sees the accumulator only.
     */
    static final class Comprehension extends Node {
        private final Node range;
        private final int iterSlot;
        private final int iterSlot2;
        private final int accuSlot;
        private final Node accuInit;
        private final Node loopCondition;
        private final Node loopStep;
        private final Node result;
        private final boolean appendsOnly;

        Comprehension(Node range, int iterSlot, int iterSlot2, int accuSlot, Node accuInit, Node loopCondition,
                Node loopStep, Node result, boolean appendsOnly) {
            this.appendsOnly = appendsOnly;
            this.range = range;
            this.iterSlot = iterSlot;
            this.iterSlot2 = iterSlot2;
            this.accuSlot = accuSlot;
            this.accuInit = accuInit;
            this.loopCondition = loopCondition;
            this.loopStep = loopStep;
            this.result = result;
        }

        @Override
        Object eval(Frame f) {
            Object over = range.run(f);
            Object accu = accuInit.run(f);
            if (appendsOnly && accu instanceof List<?> empty && empty.isEmpty()) {
                accu = new ListAccumulator(); // a map or filter: see ListAccumulator
            }
            if (over instanceof List<?> list) {
                int n = list.size();
                for (int i = 0; i < n; i++) {
                    boolean go = iterSlot2 < 0 ? enter(f, list.get(i), null, accu) : enter(f, (long) i, list.get(i), accu);
                    if (!go) {
                        break;
                    }
                    accu = loopStep.run(f);
                }
            } else if (over instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!enter(f, e.getKey(), e.getValue(), accu)) {
                        break;
                    }
                    accu = loopStep.run(f);
                }
            } else {
                throw Fallback.INSTANCE;
            }
            if (accu instanceof ListAccumulator built) {
                built.close();
            }
            f.slots[accuSlot] = accu;
            return result.run(f);
        }

        /** Binds one iteration's variables and the accumulator; whether the loop condition lets it run. */
        private boolean enter(Frame f, Object first, Object second, Object accu) {
            f.countIteration();
            f.slots[iterSlot] = element(first);
            if (iterSlot2 >= 0) {
                f.slots[iterSlot2] = element(second);
            }
            f.slots[accuSlot] = accu;
            return bool(loopCondition.run(f));
        }

        /** dev.cel adapts Integer and Float elements; values from JSON never are, so those fall back. */
        private static Object element(Object value) {
            if (value == null || value instanceof Integer || value instanceof Float) {
                throw Fallback.INSTANCE;
            }
            return value;
        }
    }
}
