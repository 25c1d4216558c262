package io.rockstream.bench.flink;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * A local Flink MiniCluster (one TaskManager, one slot per unit of parallelism, every address on
 * 127.0.0.1) that is started before any query is measured, and the table environments that
 * submit jobs to it through its REST endpoint, so a query's measured phase holds no cluster
 * start-up.
 *
 * <p>Every job runs in streaming mode on the RocksDB state backend with incremental,
 * exactly-once checkpoints to a temporary directory, with upstream Nexmark's mini-batch settings.
 * The temporary directory (checkpoints, RocksDB files, Flink's own temp files) is deleted on
 * {@link #close()}.
 */
final class FlinkCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final MiniCluster miniCluster;
    private final Path workDirectory;
    private final URI restAddress;
    private final Map<String, String> jobSettings;
    private final int parallelism;

    private FlinkCluster(MiniCluster miniCluster, Path workDirectory, URI restAddress, Map<String, String> jobSettings,
            int parallelism) {
        this.miniCluster = miniCluster;
        this.workDirectory = workDirectory;
        this.restAddress = restAddress;
        this.jobSettings = Map.copyOf(jobSettings);
        this.parallelism = parallelism;
    }

    /**
     * Starts a MiniCluster.
     *
     * @param parallelism default parallelism of every job and the number of slots
     * @param checkpointIntervalMillis checkpoint interval of every job
     */
    static FlinkCluster start(int parallelism, long checkpointIntervalMillis) throws Exception {
        Path workDirectory = Files.createTempDirectory("rockstream-flink-");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobmanager.bind-host", LOOPBACK);
        settings.put("jobmanager.rpc.address", LOOPBACK);
        settings.put("taskmanager.bind-host", LOOPBACK);
        settings.put("taskmanager.host", LOOPBACK);
        settings.put("rest.bind-address", LOOPBACK);
        settings.put("rest.address", LOOPBACK);
        settings.put("rest.port", "0");
        settings.put("taskmanager.memory.managed.size", "512m");
        settings.put("metrics.reporter." + WatermarkReporter.NAME + ".factory.class", WatermarkReporter.Factory.class.getName());
        settings.put("io.tmp.dirs", workDirectory.resolve("tmp").toString());
        settings.put("state.backend.rocksdb.localdir", workDirectory.resolve("rocksdb").toString());
        Map<String, String> jobSettings = jobSettings(parallelism, checkpointIntervalMillis, workDirectory);
        settings.putAll(jobSettings);

        MiniClusterConfiguration configuration = new MiniClusterConfiguration.Builder()
                .setConfiguration(Configuration.fromMap(settings))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .setCommonBindAddress(LOOPBACK)
                .build();
        MiniCluster miniCluster = new MiniCluster(configuration);
        try {
            miniCluster.start();
            URI restAddress = miniCluster.getRestAddress().get();
            return new FlinkCluster(miniCluster, workDirectory, restAddress, jobSettings, parallelism);
        } catch (Exception e) {
            miniCluster.close();
            deleteRecursively(workDirectory);
            throw e;
        }
    }

    /** The settings every job is submitted with (state backend, checkpoints, mini-batch). */
    private static Map<String, String> jobSettings(int parallelism, long checkpointIntervalMillis, Path workDirectory) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("execution.runtime-mode", "STREAMING");
        settings.put("parallelism.default", Integer.toString(parallelism));
        settings.put("state.backend.type", "rocksdb");
        settings.put("execution.checkpointing.incremental", "true");
        settings.put("execution.checkpointing.dir", workDirectory.resolve("checkpoints").toUri().toString());
        settings.put("execution.checkpointing.interval", checkpointIntervalMillis + " ms");
        settings.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        settings.put("table.exec.mini-batch.enabled", "true");
        settings.put("table.exec.mini-batch.allow-latency", "2s");
        settings.put("table.exec.mini-batch.size", "50000");
        return settings;
    }

    /** A fresh table environment (empty catalog) whose jobs run on this cluster. */
    StreamTableEnvironment newTableEnvironment() {
        Configuration client = Configuration.fromMap(jobSettings);
        StreamExecutionEnvironment environment = StreamExecutionEnvironment.createRemoteEnvironment(
                restAddress.getHost(), restAddress.getPort(), client);
        environment.setParallelism(parallelism);
        StreamTableEnvironment tables = StreamTableEnvironment.create(environment,
                EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(client).build());
        return tables;
    }

    /** Starts ending {@code job} as soon as its input is drained; see {@link DrainCheckpointer}. */
    DrainCheckpointer drain(JobID job) {
        return DrainCheckpointer.watch(miniCluster, job);
    }

    @Override
    public void close() throws Exception {
        try {
            miniCluster.close();
        } finally {
            deleteRecursively(workDirectory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
