package dev.celador.cel.interp;

import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Function calls. The frequent operators and functions have a direct path for the value classes
 * that JSON gives (String, Long, Double, Boolean, List, Map, Optional), written to give what
 * dev.cel's own binding gives for them; every other combination goes to the binding itself.
 */
final class Calls {

    private Calls() {
    }

    /** Any function, through its bindings. */
    static final class Generic extends Node {
        private final Node[] args;
        private final Dispatch dispatch;

        Generic(Node[] args, Dispatch dispatch) {
            this.args = args;
            this.dispatch = dispatch;
        }

        @Override
        Object eval(Frame f) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].run(f);
            }
            return dispatch.call(values);
        }
    }

    abstract static class Unary extends Node {
        private final Node arg;
        final Dispatch dispatch;

        Unary(Node arg, Dispatch dispatch) {
            this.arg = arg;
            this.dispatch = dispatch;
        }

        @Override
        final Object eval(Frame f) {
            return apply(arg.run(f));
        }

        abstract Object apply(Object a);
    }

    abstract static class Binary extends Node {
        private final Node left;
        private final Node right;
        final Dispatch dispatch;

        Binary(Node left, Node right, Dispatch dispatch) {
            this.left = left;
            this.right = right;
            this.dispatch = dispatch;
        }

        @Override
        final Object eval(Frame f) {
            Object a = left.run(f);
            return apply(a, right.run(f));
        }

        abstract Object apply(Object a, Object b);
    }

    static final class Equals extends Binary {
        Equals(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object a, Object b) {
            Boolean fast = sameKindEquals(a, b);
            return fast != null ? fast : dispatch.call(a, b);
        }
    }

    static final class NotEquals extends Binary {
        NotEquals(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object a, Object b) {
            Boolean fast = sameKindEquals(a, b);
            return fast != null ? (Object) !fast : dispatch.call(a, b);
        }
    }

    /** Equality of two strings, two ints, two bools or two nulls; null when it takes the binding. */
    static Boolean sameKindEquals(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) {
            return s.equals(t);
        }
        if (a instanceof Long x && b instanceof Long y) {
            return x.longValue() == y.longValue();
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.booleanValue() == y.booleanValue();
        }
        if (a instanceof NullValue && b instanceof NullValue) {
            return Boolean.TRUE;
        }
        return null;
    }

    /** size() of strings (in code points, as CEL counts), lists and maps. */
    static final class Size extends Unary {
        Size(Node arg, Dispatch dispatch) {
            super(arg, dispatch);
        }

        @Override
        Object apply(Object a) {
            if (a instanceof String s) {
                return (long) s.codePointCount(0, s.length());
            }
            if (a instanceof List<?> l) {
                return (long) l.size();
            }
            if (a instanceof Map<?, ?> m) {
                return (long) m.size();
            }
            return dispatch.call(a);
        }
    }

    /** {@code container[key]}. */
    static final class Index extends Binary {
        Index(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object container, Object key) {
            if (container instanceof Map<?, ?> m && key instanceof String) {
                Object value = m.get(key);
                if (value == null) {
                    throw Fallback.INSTANCE; // no such key
                }
                return value;
            }
            if (container instanceof List<?> l && key instanceof Long i) {
                if (i < 0 || i >= l.size()) {
                    throw Fallback.INSTANCE; // index out of bounds
                }
                return l.get(i.intValue());
            }
            return dispatch.call(container, key);
        }
    }

    /** {@code key in container}. */
    static final class In extends Binary {
        In(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object element, Object container) {
            if (element instanceof String s) {
                if (container instanceof Map<?, ?> m) {
                    return m.containsKey(s);
                }
                if (container instanceof List<?> l) {
                    for (Object item : l) {
                        if (s.equals(item)) {
                            return Boolean.TRUE;
                        }
                    }
                    return Boolean.FALSE;
                }
            }
            return dispatch.call(element, container);
        }
    }

    static final class Add extends Binary {
        Add(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object a, Object b) {
            if (a instanceof String s && b instanceof String t) {
                return s.concat(t);
            }
            if (a instanceof Long x && b instanceof Long y) {
                long sum = x + y;
                if (((x ^ sum) & (y ^ sum)) < 0) {
                    throw Fallback.INSTANCE; // overflow
                }
                return sum;
            }
            if (a instanceof ListAccumulator building && building.open() && b instanceof List<?> m) {
                building.addAll(m);
                return building;
            }
            if (a instanceof List<?> l && b instanceof List<?> m) {
                List<Object> joined = new ArrayList<>(l.size() + m.size());
                joined.addAll(l);
                joined.addAll(m);
                return joined;
            }
            if (a instanceof Double x && b instanceof Double y) {
                return x + y;
            }
            return dispatch.call(a, b);
        }
    }

    static final class Subtract extends Binary {
        Subtract(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object a, Object b) {
            if (a instanceof Long x && b instanceof Long y) {
                long difference = x - y;
                if (((x ^ y) & (x ^ difference)) < 0) {
                    throw Fallback.INSTANCE; // overflow
                }
                return difference;
            }
            if (a instanceof Double x && b instanceof Double y) {
                return x - y;
            }
            return dispatch.call(a, b);
        }
    }

    /** {@code <, <=, >, >=} on two ints or two doubles; the rest (strings, mixed numbers...) by binding. */
    static final class Compare extends Binary {
        enum Op { LESS, LESS_EQUALS, GREATER, GREATER_EQUALS }

        private final Op op;

        Compare(Op op, Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
            this.op = op;
        }

        @Override
        Object apply(Object a, Object b) {
            int c;
            if (a instanceof Long x && b instanceof Long y) {
                c = Long.compare(x, y);
            } else if (a instanceof Double x && b instanceof Double y && !x.isNaN() && !y.isNaN()) {
                c = Double.compare(x, y);
                if (c != 0 && x.doubleValue() == y.doubleValue()) {
                    c = 0; // -0.0 and 0.0
                }
            } else {
                return dispatch.call(a, b);
            }
            return switch (op) {
                case LESS -> c < 0;
                case LESS_EQUALS -> c <= 0;
                case GREATER -> c > 0;
                case GREATER_EQUALS -> c >= 0;
            };
        }
    }

    /** startsWith, endsWith and contains on two strings. */
    static final class StringTest extends Binary {
        enum Op { STARTS_WITH, ENDS_WITH, CONTAINS }

        private final Op op;

        StringTest(Op op, Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
            this.op = op;
        }

        @Override
        Object apply(Object a, Object b) {
            if (a instanceof String s && b instanceof String t) {
                return switch (op) {
                    case STARTS_WITH -> s.startsWith(t);
                    case ENDS_WITH -> s.endsWith(t);
                    case CONTAINS -> s.contains(t);
                };
            }
            return dispatch.call(a, b);
        }
    }

    /** {@code operand.?field}: optional field selection on a map or on an optional map. */
    static final class OptionalSelect extends Node {
        private final Node operand;
        private final String field;

        OptionalSelect(Node operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        Object eval(Frame f) {
            return optionalEntry(operand.run(f), field);
        }
    }

    /** {@code container[?key]}. */
    static final class OptionalIndex extends Binary {
        OptionalIndex(Node left, Node right, Dispatch dispatch) {
            super(left, right, dispatch);
        }

        @Override
        Object apply(Object container, Object key) {
            if (key instanceof String s) {
                return optionalEntry(container, s);
            }
            Object target = unwrapped(container);
            if (target == null) {
                return Optional.empty();
            }
            if (target instanceof List<?> l && key instanceof Long i) {
                return i >= 0 && i < l.size() ? Optional.of(l.get(i.intValue())) : Optional.empty();
            }
            throw Fallback.INSTANCE;
        }
    }

    /** Selection through an optional reads its value; null when the optional is empty. */
    private static Object unwrapped(Object container) {
        return container instanceof Optional<?> o ? o.orElse(null) : container;
    }

    private static Object optionalEntry(Object container, String key) {
        Object target = unwrapped(container);
        if (target == null) {
            return Optional.empty();
        }
        if (target instanceof Map<?, ?> m) {
            Object value = m.get(key);
            if (value != null) {
                return Optional.of(value);
            }
            if (!m.containsKey(key)) {
                return Optional.empty();
            }
        }
        throw Fallback.INSTANCE;
    }

    /**
     * {@code optional.orValue(default)}: the default is evaluated only when the optional is empty, as
     * cel-go and dev.cel both do. A receiver that is not an optional is dev.cel's to answer (an
     * error, or, for Kubernetes releases before 1.37, the receiver itself: see PlainValueOptionals,
     * whose rewrite wraps such receivers before they get here).
     */
    static final class OrValue extends Node {
        private final Node optional;
        private final Node otherwise;

        OrValue(Node optional, Node otherwise) {
            this.optional = optional;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Frame f) {
            if (optional.run(f) instanceof Optional<?> o) {
                return o.isPresent() ? o.get() : otherwise.run(f);
            }
            throw Fallback.INSTANCE;
        }
    }

    static final class HasValue extends Unary {
        HasValue(Node arg, Dispatch dispatch) {
            super(arg, dispatch);
        }

        @Override
        Object apply(Object a) {
            if (a instanceof Optional<?> o) {
                return o.isPresent();
            }
            return dispatch.call(a);
        }
    }
}
