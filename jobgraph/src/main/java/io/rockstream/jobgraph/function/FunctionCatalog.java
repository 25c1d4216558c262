package io.rockstream.jobgraph.function;

import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.type.SqlType;
import io.rockstream.jobgraph.type.TypeCoercion;
import io.rockstream.jobgraph.type.TypeCoercion.Category;
import io.rockstream.jobgraph.type.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scalar functions and operators RockStream knows, with PostgreSQL's overload
 * resolution (chapter 10 of the PostgreSQL manual, {@code func_select_candidate}):
 *
 * <ol>
 *   <li>an exact match of the argument types (for a binary operator with one {@code unknown}
 *       side, the unknown side is assumed to have the other side's type);</li>
 *   <li>otherwise the overloads every argument converts to implicitly, narrowed to those with
 *       the most exact matches, then to those with the most exact-or-preferred matches;</li>
 *   <li>then {@code unknown} arguments pick a type category (string wins), preferring the
 *       category's preferred type;</li>
 *   <li>last, if all known arguments share one type, unknown arguments are assumed to have it.</li>
 * </ol>
 *
 * <p>Special forms ({@code coalesce greatest least nullif in is_distinct_from
 * is_not_distinct_from is_null is_not_null and or not is_true ...}) are resolved here too so
 * that the binder has one entry point; their rules are PostgreSQL's for the corresponding
 * syntax. Names are dispatched by the runtime after alias folding ({@code ceiling -> ceil},
 * {@code substring -> substr}, {@code current_timestamp -> now}, ...): use
 * {@link ResolvedFunction#name()} in the {@code Call}.
 *
 * <p>Note for the parser: as in PostgreSQL's grammar, {@code POSITION(a IN b)} is the call
 * {@code position(b, a)}, {@code SUBSTRING(s FROM a FOR b)} is {@code substring(s, a, b)},
 * {@code EXTRACT(f FROM e)} is {@code extract('f', e)} and {@code TRIM(BOTH c FROM s)} is
 * {@code btrim(s, c)}.
 */
public final class FunctionCatalog {
    private static final String FUNCTION_HINT =
            "No function matches the given name and argument types. You might need to add explicit type casts.";
    private static final String OPERATOR_HINT =
            "No operator matches the given name and argument types. You might need to add explicit type casts.";

    private static final Set<String> OPERATORS = Set.of("+", "-", "*", "/", "%", "^", "=", "<>", "!=", "<", "<=",
            ">", ">=", "||", "neg", "like", "not_like", "ilike", "not_ilike", "~", "!~", "~*", "!~*");
    private static final Map<String, String> OPERATOR_SYMBOLS = Map.of("neg", "-", "like", "~~", "not_like", "!~~",
            "ilike", "~~*", "not_ilike", "!~~*", "!=", "<>");
    private static final Set<String> VARIADIC_COMMON = Set.of("coalesce", "greatest", "least");
    private static final Set<String> BOOLEAN_TESTS = Set.of("is_true", "is_not_true", "is_false", "is_not_false",
            "is_unknown", "is_not_unknown");
    private static final Set<String> SPECIAL = Set.of("coalesce", "greatest", "least", "nullif", "in",
            "is_distinct_from", "is_not_distinct_from", "is_null", "is_not_null", "and", "or", "not", "is_true",
            "is_not_true", "is_false", "is_not_false", "is_unknown", "is_not_unknown");

    private FunctionCatalog() {
    }

    /** Whether {@code name} (any spelling, case-insensitive) is a known function or operator. */
    public static boolean isKnown(String name) {
        String canonical = canonicalName(name);
        return SPECIAL.contains(canonical) || Builtins.contains(canonical);
    }

    /**
     * Whether repeated calls with the same arguments give the same result. {@code now()} and
     * friends, {@code random()} are not deterministic: they must not be folded at compile time
     * and a view using them cannot be maintained incrementally.
     */
    public static boolean isDeterministic(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !Builtins.NON_DETERMINISTIC.contains(lower) && !Builtins.NON_DETERMINISTIC.contains(canonicalName(lower));
    }

    /** The name the runtime dispatches on: lower case, aliases folded. */
    public static String canonicalName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Builtins.ALIASES.getOrDefault(lower, lower);
    }

    /**
     * Resolves {@code name} (lower case; operators by symbol) for the given argument types.
     *
     * @throws RockStreamException 42883 when no overload fits, 42725 when several fit equally
     *         well, 42804 for non-boolean arguments of AND/OR/NOT/IS TRUE, or the errors of
     *         {@link TypeCoercion#commonType} for the variadic forms
     */
    public static ResolvedFunction resolve(String name, List<SqlType> argumentTypes) {
        String original = name.toLowerCase(Locale.ROOT);
        String canonical = canonicalName(original);
        List<SqlType> arguments = List.copyOf(argumentTypes);
        if (SPECIAL.contains(canonical)) {
            return resolveSpecial(canonical, arguments);
        }
        List<Signature> overloads = Builtins.overloads(canonical);
        Signature chosen = select(canonical, overloads, arguments);
        if (chosen == null) {
            throw notFound(original, arguments);
        }
        List<SqlType> parameters = new ArrayList<>(arguments.size());
        for (int i = 0; i < arguments.size(); i++) {
            TypeKind parameter = chosen.parameter(i);
            SqlType argument = arguments.get(i);
            if (parameter == Builtins.ANY) {
                parameters.add(argument.kind() == TypeKind.UNKNOWN ? SqlType.TEXT : argument);
            } else if (parameter == argument.kind()) {
                parameters.add(argument);
            } else {
                parameters.add(SqlType.of(parameter));
            }
        }
        return new ResolvedFunction(canonical, parameters, SqlType.of(chosen.result()));
    }

    private static ResolvedFunction resolveSpecial(String name, List<SqlType> arguments) {
        switch (name) {
            case "coalesce", "greatest", "least" -> {
                requireArguments(name, arguments, 1);
                SqlType common = TypeCoercion.commonType(arguments, name.toUpperCase(Locale.ROOT));
                return new ResolvedFunction(name, repeat(common, arguments.size()), common);
            }
            case "in" -> {
                requireArguments(name, arguments, 2);
                SqlType common;
                try {
                    common = TypeCoercion.commonType(arguments, "IN");
                } catch (RockStreamException noCommonType) {
                    // PostgreSQL then compares element by element; report that comparison's error
                    for (SqlType element : arguments.subList(1, arguments.size())) {
                        resolve("=", List.of(arguments.get(0), element));
                    }
                    throw noCommonType;
                }
                resolve("=", List.of(common, common));
                return new ResolvedFunction(name, repeat(common, arguments.size()), SqlType.BOOLEAN);
            }
            case "nullif" -> {
                requireExactly(name, arguments, 2);
                ResolvedFunction equality = resolve("=", arguments);
                return new ResolvedFunction(name, equality.parameterTypes(), equality.parameterTypes().get(0));
            }
            case "is_distinct_from", "is_not_distinct_from" -> {
                requireExactly(name, arguments, 2);
                ResolvedFunction equality = resolve("=", arguments);
                return new ResolvedFunction(name, equality.parameterTypes(), SqlType.BOOLEAN);
            }
            case "is_null", "is_not_null" -> {
                requireExactly(name, arguments, 1);
                return new ResolvedFunction(name, arguments, SqlType.BOOLEAN);
            }
            case "and", "or", "not" -> {
                requireArguments(name, arguments, name.equals("not") ? 1 : 2);
                if (name.equals("not")) {
                    requireExactly(name, arguments, 1);
                }
                requireBoolean(name.toUpperCase(Locale.ROOT), arguments);
                return new ResolvedFunction(name, repeat(SqlType.BOOLEAN, arguments.size()), SqlType.BOOLEAN);
            }
            default -> {
                if (BOOLEAN_TESTS.contains(name)) {
                    requireExactly(name, arguments, 1);
                    requireBoolean(name.substring(0, 2).toUpperCase(Locale.ROOT) + " "
                            + name.substring(3).replace('_', ' ').toUpperCase(Locale.ROOT), arguments);
                    return new ResolvedFunction(name, List.of(SqlType.BOOLEAN), SqlType.BOOLEAN);
                }
                throw RockStreamException.internal("no special form " + name, null);
            }
        }
    }

    private static void requireBoolean(String construct, List<SqlType> arguments) {
        for (SqlType argument : arguments) {
            if (!TypeCoercion.canImplicitlyCast(argument.kind(), TypeKind.BOOLEAN)) {
                throw RockStreamException.of(ErrorCode.DATATYPE_MISMATCH, "argument of %s must be type boolean, not type %s",
                        construct, argument.kind().sqlName());
            }
        }
    }

    private static void requireArguments(String name, List<SqlType> arguments, int minimum) {
        if (arguments.size() < minimum) {
            throw notFound(name, arguments);
        }
    }

    private static void requireExactly(String name, List<SqlType> arguments, int count) {
        if (arguments.size() != count) {
            throw notFound(name, arguments);
        }
    }

    private static List<SqlType> repeat(SqlType type, int count) {
        List<SqlType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(type);
        }
        return types;
    }

    // ---- func_select_candidate ----

    private static Signature select(String name, List<Signature> overloads, List<SqlType> arguments) {
        int count = arguments.size();
        TypeKind[] inputs = new TypeKind[count];
        int unknowns = 0;
        for (int i = 0; i < count; i++) {
            inputs[i] = arguments.get(i).kind();
            if (inputs[i] == TypeKind.UNKNOWN) {
                unknowns++;
            }
        }
        // 1. exact match; a binary operator's unknown side takes the other side's type
        TypeKind[] probe = inputs.clone();
        if (count == 2 && OPERATORS.contains(name) && unknowns == 1) {
            TypeKind known = inputs[0] == TypeKind.UNKNOWN ? inputs[1] : inputs[0];
            probe[0] = known;
            probe[1] = known;
        }
        for (Signature signature : overloads) {
            if (signature.accepts(count) && exactly(signature, probe)) {
                return signature;
            }
        }
        // 2. the overloads every argument converts to implicitly
        List<Signature> candidates = new ArrayList<>();
        for (Signature signature : overloads) {
            if (signature.accepts(count) && coercible(signature, inputs)) {
                candidates.add(signature);
            }
        }
        if (candidates.size() <= 1) {
            return candidates.isEmpty() ? null : candidates.get(0);
        }
        // 3. most exact matches, then most exact-or-preferred matches (known arguments only)
        candidates = keepBest(candidates, signature -> score(signature, inputs, false));
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        candidates = keepBest(candidates, signature -> score(signature, inputs, true));
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        // 4. unknown arguments choose a category per position (string wins) and its preferred type
        if (unknowns > 0) {
            List<Signature> narrowed = narrowUnknowns(candidates, inputs);
            if (narrowed != null) {
                if (narrowed.size() == 1) {
                    return narrowed.get(0);
                }
                if (!narrowed.isEmpty()) {
                    candidates = narrowed;
                }
            }
        }
        // 5. last gasp: unknown arguments assumed to have the one type of the known ones
        if (unknowns > 0 && unknowns < count) {
            TypeKind known = null;
            for (TypeKind input : inputs) {
                if (input == TypeKind.UNKNOWN) {
                    continue;
                }
                if (known == null) {
                    known = input;
                } else if (known != input) {
                    known = null;
                    break;
                }
            }
            if (known != null) {
                TypeKind[] assumed = new TypeKind[count];
                java.util.Arrays.fill(assumed, known);
                Signature only = null;
                int matches = 0;
                for (Signature signature : candidates) {
                    if (coercible(signature, assumed)) {
                        matches++;
                        only = signature;
                    }
                }
                if (matches == 1) {
                    return only;
                }
            }
        }
        throw ambiguous(name, arguments);
    }

    private static List<Signature> narrowUnknowns(List<Signature> candidates, TypeKind[] inputs) {
        int count = inputs.length;
        Category[] slotCategory = new Category[count];
        boolean[] slotPreferred = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (inputs[i] != TypeKind.UNKNOWN) {
                continue;
            }
            boolean conflict = false;
            boolean first = true;
            for (Signature signature : candidates) {
                TypeKind parameter = signature.parameter(i);
                Category category = categoryOf(parameter);
                boolean preferred = parameter != Builtins.ANY && TypeCoercion.isPreferred(parameter);
                if (first) {
                    slotCategory[i] = category;
                    slotPreferred[i] = preferred;
                    first = false;
                } else if (category == slotCategory[i]) {
                    slotPreferred[i] |= preferred;
                } else if (category == Category.STRING) {
                    slotCategory[i] = category;
                    slotPreferred[i] = preferred;
                } else {
                    conflict = true;
                }
            }
            if (conflict && slotCategory[i] != Category.STRING) {
                return null;
            }
        }
        List<Signature> kept = new ArrayList<>();
        for (Signature signature : candidates) {
            boolean keep = true;
            for (int i = 0; i < count && keep; i++) {
                if (inputs[i] != TypeKind.UNKNOWN) {
                    continue;
                }
                TypeKind parameter = signature.parameter(i);
                boolean preferred = parameter != Builtins.ANY && TypeCoercion.isPreferred(parameter);
                keep = categoryOf(parameter) == slotCategory[i] && (!slotPreferred[i] || preferred);
            }
            if (keep) {
                kept.add(signature);
            }
        }
        return kept;
    }

    /** The category of a parameter; {@code null} (pseudo-type) for {@code "any"}. */
    private static Category categoryOf(TypeKind parameter) {
        return parameter == Builtins.ANY ? null : TypeCoercion.category(parameter);
    }

    private static int score(Signature signature, TypeKind[] inputs, boolean countPreferred) {
        int score = 0;
        for (int i = 0; i < inputs.length; i++) {
            TypeKind parameter = signature.parameter(i);
            if (inputs[i] == TypeKind.UNKNOWN || parameter == Builtins.ANY) {
                continue;
            }
            if (parameter == inputs[i] || (countPreferred && TypeCoercion.isPreferred(parameter))) {
                score++;
            }
        }
        return score;
    }

    private static List<Signature> keepBest(List<Signature> candidates,
            java.util.function.ToIntFunction<Signature> score) {
        int best = -1;
        List<Signature> kept = new ArrayList<>();
        for (Signature signature : candidates) {
            int value = score.applyAsInt(signature);
            if (value > best) {
                best = value;
                kept.clear();
            }
            if (value == best) {
                kept.add(signature);
            }
        }
        return kept;
    }

    private static boolean exactly(Signature signature, TypeKind[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (signature.parameter(i) != inputs[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean coercible(Signature signature, TypeKind[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            TypeKind parameter = signature.parameter(i);
            if (parameter != Builtins.ANY && !TypeCoercion.canImplicitlyCast(inputs[i], parameter)) {
                return false;
            }
        }
        return true;
    }

    // ---- errors ----

    private static RockStreamException notFound(String name, List<SqlType> arguments) {
        if (isOperator(name, arguments)) {
            return RockStreamException.of(ErrorCode.UNDEFINED_FUNCTION, "operator does not exist: " + operatorText(name, arguments))
                    .withHint(OPERATOR_HINT);
        }
        return RockStreamException.of(ErrorCode.UNDEFINED_FUNCTION, "function %s(%s) does not exist", name,
                typeList(arguments)).withHint(FUNCTION_HINT);
    }

    private static RockStreamException ambiguous(String name, List<SqlType> arguments) {
        if (isOperator(name, arguments)) {
            return RockStreamException.of(ErrorCode.AMBIGUOUS_FUNCTION, "operator is not unique: " + operatorText(name, arguments))
                    .withHint("Could not choose a best candidate operator. You might need to add explicit type casts.");
        }
        return RockStreamException.of(ErrorCode.AMBIGUOUS_FUNCTION, "function %s(%s) is not unique", name,
                typeList(arguments)).withHint("Could not choose a best candidate function. You might need to add explicit type casts.");
    }

    private static boolean isOperator(String name, List<SqlType> arguments) {
        return OPERATORS.contains(name) && (arguments.size() == 1 || arguments.size() == 2
                || (name.contains("like") && arguments.size() == 3));
    }

    private static String operatorText(String name, List<SqlType> arguments) {
        String symbol = OPERATOR_SYMBOLS.getOrDefault(name, name);
        if (arguments.size() == 1) {
            return symbol + " " + arguments.get(0).kind().sqlName();
        }
        return arguments.get(0).kind().sqlName() + " " + symbol + " " + arguments.get(1).kind().sqlName();
    }

    private static String typeList(List<SqlType> arguments) {
        return arguments.stream().map(type -> type.kind().sqlName()).collect(Collectors.joining(", "));
    }
}
