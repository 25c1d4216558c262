package io.rockstream.statebackend;

/** The heap backend keeps objects, so "reopening" is the same backend. */
class HeapStateBackendTest extends StateBackendContract {
    private final StateBackend backend = new HeapStateBackend();

    @Override
    protected StateBackend backend() {
        return backend;
    }

    @Override
    protected StateBackend reopen() {
        return backend;
    }
}
