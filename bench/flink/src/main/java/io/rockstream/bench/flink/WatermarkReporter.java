package io.rockstream.bench.flink;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter, living in the runner's JVM, that keeps every operator's
 * {@code currentInputWatermark} gauge by job, so {@link DrainCheckpointer} can tell when a bounded
 * job's input has flowed through all of it: a source emits the final watermark (Long.MAX_VALUE)
 * after its last record, and watermarks travel in-band behind the records.
 *
 * <p>Registered on the MiniCluster as {@code metrics.reporter.watermarks.factory.class}; Flink
 * creates it through {@link Factory}, found with the ServiceLoader.
 */
public final class WatermarkReporter implements MetricReporter {

    /** Name of the reporter in the MiniCluster configuration. */
    static final String NAME = "watermarks";

    private static final String INPUT_WATERMARK = "currentInputWatermark";
    private static final String JOB_ID = "<job_id>";
    private static final String OPERATOR_ID = "<operator_id>";

    /** Gauges by job id (hex) and by the metric's identity; reporters run on Flink's threads. */
    private static final Map<String, Map<Gauge<?>, Boolean>> GAUGES = new ConcurrentHashMap<>();

    /** Creates the reporter; named by class in the cluster configuration. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new WatermarkReporter();
        }
    }

    /**
     * Whether every operator of {@code jobId} that has an input has seen the final watermark;
     * false while the job has no such operator registered yet.
     */
    static boolean inputDrained(String jobId) {
        Map<Gauge<?>, Boolean> gauges = GAUGES.get(jobId);
        if (gauges == null || gauges.isEmpty()) {
            return false;
        }
        List<Gauge<?>> snapshot = List.copyOf(gauges.keySet());
        for (Gauge<?> gauge : snapshot) {
            if (!(gauge.getValue() instanceof Long watermark) || watermark != Long.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** Forgets the gauges of a job that has ended. */
    static void forget(String jobId) {
        GAUGES.remove(jobId);
    }

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        String job = jobOf(metricName, metric, group);
        if (job != null) {
            GAUGES.computeIfAbsent(job, key -> new ConcurrentHashMap<>()).put((Gauge<?>) metric, Boolean.TRUE);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        String job = jobOf(metricName, metric, group);
        if (job != null) {
            Map<Gauge<?>, Boolean> gauges = GAUGES.get(job);
            if (gauges != null) {
                gauges.remove(metric);
            }
        }
    }

    private static String jobOf(String metricName, Metric metric, MetricGroup group) {
        if (!INPUT_WATERMARK.equals(metricName) || !(metric instanceof Gauge<?>)) {
            return null;
        }
        Map<String, String> variables = group.getAllVariables();
        return variables.containsKey(OPERATOR_ID) ? variables.get(JOB_ID) : null;
    }
}
