package io.rockstream.sqllogictest;

import io.rockstream.jobmanager.Engine;

/**
 * Whether the embedded engine exists yet. While {@link Engine#startInMemory()} is the contract
 * stub (it throws {@link UnsupportedOperationException}) the engine-backed tests are skipped,
 * not failed; any other error is a real failure and propagates.
 */
final class EngineAvailability {
    private EngineAvailability() {
    }

    static boolean available() {
        try (Engine engine = Engine.startInMemory()) {
            return engine != null;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
