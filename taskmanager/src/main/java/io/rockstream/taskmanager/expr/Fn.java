package io.rockstream.taskmanager.expr;

/**
 * The shapes of a strict scalar function implementation: called only with non-null
 * arguments of the parameter types' Java classes (SqlType's table); NULL handling is the
 * compiler's job.
 */
final class Fn {
    private Fn() {
    }

    @FunctionalInterface
    interface Fn0 {
        Object apply();
    }

    @FunctionalInterface
    interface Fn1 {
        Object apply(Object a);
    }

    @FunctionalInterface
    interface Fn2 {
        Object apply(Object a, Object b);
    }

    @FunctionalInterface
    interface Fn3 {
        Object apply(Object a, Object b, Object c);
    }

    @FunctionalInterface
    interface FnN {
        Object apply(Object[] arguments);
    }

    /**
     * An implementation that keeps a per-call-site cache (a compiled LIKE pattern or regular
     * expression): the compiler asks for a fresh instance for every call it compiles.
     */
    @FunctionalInterface
    interface PerSite {
        Object create();
    }
}
