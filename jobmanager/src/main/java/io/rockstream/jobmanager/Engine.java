package io.rockstream.jobmanager;

import io.rockstream.jobmanager.catalog.Catalog;
import io.rockstream.jobmanager.catalog.TableData;
import io.rockstream.jobmanager.epoch.EpochCoordinator;
import io.rockstream.jobmanager.epoch.JobManagerEndpoint;
import io.rockstream.jobmanager.query.QueryRunner;
import io.rockstream.statebackend.HeapStateBackend;
import io.rockstream.taskmanager.runtime.TaskManager;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded RockStream: one JobManager (catalog, epoch coordinator, query runner) and
 * one TaskManager in this JVM, talking through the same gateways a cluster uses.
 */
public final class Engine implements AutoCloseable {
    private final EngineConfig config;
    private final Catalog catalog = new Catalog();
    private final Map<String, TableData> tables = new ConcurrentHashMap<>();
    private final TaskManager taskManager;
    private final JobManagerEndpoint endpoint = new JobManagerEndpoint();
    private final EpochCoordinator coordinator;
    private final QueryRunner queries;
    private final ReentrantLock writeLock = new ReentrantLock();

    private Engine(EngineConfig config) {
        this.config = config;
        this.taskManager = new TaskManager(config.slots(), HeapStateBackend::new);
        this.coordinator = new EpochCoordinator(taskManager, endpoint);
        this.queries = new QueryRunner(taskManager, endpoint, config.parallelism());
    }

    /** An engine whose state lives in memory (the heap state backend). */
    public static Engine startInMemory() {
        return start(EngineConfig.defaults());
    }

    public static Engine start(EngineConfig config) {
        return new Engine(config);
    }

    /** A new session; sessions are independent and may be used from different threads. */
    public SqlSession openSession() {
        return new Session(this);
    }

    EngineConfig config() {
        return config;
    }

    Catalog catalog() {
        return catalog;
    }

    Map<String, TableData> tables() {
        return tables;
    }

    EpochCoordinator coordinator() {
        return coordinator;
    }

    QueryRunner queries() {
        return queries;
    }

    /** Serializes the evaluation and application of writes to tables' live rows. */
    ReentrantLock writeLock() {
        return writeLock;
    }

    @Override
    public void close() {
        coordinator.close();
        taskManager.close();
    }
}
