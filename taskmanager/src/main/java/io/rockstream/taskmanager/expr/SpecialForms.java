package io.rockstream.taskmanager.expr;

import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.Comparator;
import java.util.List;

/**
 * The calls that are not strict functions: three-valued AND / OR / NOT, the IS tests,
 * COALESCE, NULLIF, GREATEST / LEAST, IN, IS [NOT] DISTINCT FROM, {@code concat},
 * {@code concat_ws} and {@code text || non-text}.
 *
 * <pre>
 *   a     | b     | a AND b | a OR b
 *   true  | NULL  | NULL    | true
 *   false | NULL  | false   | NULL
 *   NULL  | NULL  | NULL    | NULL
 * </pre>
 *
 * {@code x IN (a, b)} is true if some element equals x; otherwise NULL if x or any element is
 * NULL; otherwise false.
 */
final class SpecialForms {
    private SpecialForms() {
    }

    /** The evaluator for a special form, or {@code null} when {@code name} is an ordinary function. */
    static Evaluator compile(String name, Evaluator[] arguments, List<TypeKind> kinds) {
        switch (name) {
            case "and":
                return row -> {
                    boolean sawNull = false;
                    for (Evaluator argument : arguments) {
                        Object value = argument.evaluate(row);
                        if (value == null) {
                            sawNull = true;
                        } else if (!(Boolean) value) {
                            return Boolean.FALSE;
                        }
                    }
                    return sawNull ? null : Boolean.TRUE;
                };
            case "or":
                return row -> {
                    boolean sawNull = false;
                    for (Evaluator argument : arguments) {
                        Object value = argument.evaluate(row);
                        if (value == null) {
                            sawNull = true;
                        } else if ((Boolean) value) {
                            return Boolean.TRUE;
                        }
                    }
                    return sawNull ? null : Boolean.FALSE;
                };
            case "not": {
                Evaluator input = arguments[0];
                return row -> {
                    Object value = input.evaluate(row);
                    return value == null ? null : !(Boolean) value;
                };
            }
            case "is_null":
                return test(arguments[0], value -> value == null);
            case "is_not_null":
                return test(arguments[0], value -> value != null);
            case "is_true":
                return test(arguments[0], Boolean.TRUE::equals);
            case "is_not_true":
                return test(arguments[0], value -> !Boolean.TRUE.equals(value));
            case "is_false":
                return test(arguments[0], Boolean.FALSE::equals);
            case "is_not_false":
                return test(arguments[0], value -> !Boolean.FALSE.equals(value));
            case "is_unknown":
                return test(arguments[0], value -> value == null);
            case "is_not_unknown":
                return test(arguments[0], value -> value != null);
            case "coalesce":
                return row -> {
                    for (Evaluator argument : arguments) {
                        Object value = argument.evaluate(row);
                        if (value != null) {
                            return value;
                        }
                    }
                    return null;
                };
            case "nullif": {
                Comparator<Object> order = Comparisons.of(kinds.get(0));
                Evaluator first = arguments[0];
                Evaluator second = arguments[1];
                return row -> {
                    Object a = first.evaluate(row);
                    Object b = second.evaluate(row);
                    return a != null && b != null && order.compare(a, b) == 0 ? null : a;
                };
            }
            case "is_distinct_from":
            case "is_not_distinct_from": {
                Comparator<Object> order = Comparisons.of(kinds.get(0));
                boolean distinct = name.equals("is_distinct_from");
                Evaluator first = arguments[0];
                Evaluator second = arguments[1];
                return row -> {
                    Object a = first.evaluate(row);
                    Object b = second.evaluate(row);
                    boolean same = a == null || b == null ? a == b : order.compare(a, b) == 0;
                    return same != distinct;
                };
            }
            case "greatest":
            case "least": {
                Comparator<Object> order = Comparisons.of(kinds.get(0));
                int sign = name.equals("greatest") ? 1 : -1;
                return row -> {
                    Object best = null;
                    for (Evaluator argument : arguments) {
                        Object value = argument.evaluate(row);
                        if (value != null && (best == null || sign * order.compare(value, best) > 0)) {
                            best = value;
                        }
                    }
                    return best;
                };
            }
            case "in":
                return in(arguments, Comparisons.of(kinds.get(0)));
            case "concat":
                return concat(arguments, kinds, 0, null);
            case "concat_ws": {
                Evaluator separator = arguments[0];
                return concat(arguments, kinds, 1, separator);
            }
            case "||":
                if (kinds.get(0) == TypeKind.BYTEA || (kinds.get(0).isText() && kinds.get(1).isText())) {
                    return null;
                }
                return textConcat(arguments, kinds);
            default:
                return null;
        }
    }

    private interface Test {
        boolean test(Object value);
    }

    private static Evaluator test(Evaluator input, Test test) {
        return row -> test.test(input.evaluate(row));
    }

    private static Evaluator in(Evaluator[] arguments, Comparator<Object> order) {
        Evaluator probe = arguments[0];
        return row -> {
            Object value = probe.evaluate(row);
            boolean sawNull = value == null;
            for (int i = 1; i < arguments.length; i++) {
                Object element = arguments[i].evaluate(row);
                if (element == null) {
                    sawNull = true;
                } else if (value != null && order.compare(value, element) == 0) {
                    return Boolean.TRUE;
                }
            }
            return sawNull ? null : Boolean.FALSE;
        };
    }

    /** {@code concat} / {@code concat_ws}: output functions of the non-NULL arguments. */
    private static Evaluator concat(Evaluator[] arguments, List<TypeKind> kinds, int first, Evaluator separator) {
        SqlType[] types = new SqlType[arguments.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = SqlType.of(kinds.get(i));
        }
        return row -> {
            String between = null;
            if (separator != null) {
                Object value = separator.evaluate(row);
                if (value == null) {
                    return null;
                }
                between = (String) value;
            }
            StringBuilder text = new StringBuilder();
            boolean any = false;
            for (int i = first; i < arguments.length; i++) {
                Object value = arguments[i].evaluate(row);
                if (value == null) {
                    continue;
                }
                if (any && between != null) {
                    text.append(between);
                }
                text.append(PgText.format(value, types[i]));
                any = true;
            }
            return text.toString();
        };
    }

    /** {@code text || anynonarray} and the reverse: the non-text side is cast to text (strict). */
    private static Evaluator textConcat(Evaluator[] arguments, List<TypeKind> kinds) {
        Casts.Conversion left = Casts.compile(SqlType.of(kinds.get(0)), SqlType.TEXT, false);
        Casts.Conversion right = Casts.compile(SqlType.of(kinds.get(1)), SqlType.TEXT, false);
        Evaluator first = arguments[0];
        Evaluator second = arguments[1];
        return row -> {
            Object a = first.evaluate(row);
            Object b = second.evaluate(row);
            if (a == null || b == null) {
                return null;
            }
            String leftText = (String) (left == null ? a : left.apply(a));
            String rightText = (String) (right == null ? b : right.apply(b));
            return Strings.concat(leftText, rightText);
        };
    }
}
