package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.Partitioning;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.KeyGroups;
import java.util.List;

/**
 * Routes a subtask's output over its out edges: forward to the subtask of the same index,
 * by key group to the owner of the row's key, or everything to subtask 0. Output is
 * buffered per target and handed over as one batch per {@link #flush()}: co-located
 * subtasks exchange batches by reference, never re-encoded. A buffer that reaches
 * {@link #MAX_BUFFERED_ROWS} is handed over at once, so one input batch that explodes (a
 * cross join) does not pile its whole output up on the heap.
 *
 * <p>Once its subtask is cancelled, {@link #add} throws {@link Cancelled}: an operator stops
 * within one output row, even in the middle of a long batch, instead of computing a
 * cancelled query's answer to the end.
 */
final class OutputRouter implements Collector {
    static final int MAX_BUFFERED_ROWS = 65_536;

    /** Thrown out of an operator whose subtask was cancelled; carries no stack trace. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("subtask cancelled", null, false, false);
        }
    }

    /** One out edge: its partitioning, the target subtasks and the input they read us on. */
    record Edge(Partitioning partitioning, int[] keyColumns, List<? extends Target> targets, int targetInput) {
    }

    /** The channels this router feeds on other TaskManagers, whose credits gate its subtask. */
    private final List<RemoteTarget> remoteTargets = new java.util.ArrayList<>();
    private final List<ExchangeLink.Channel> remoteChannels = new java.util.ArrayList<>();

    private final List<Edge> edges;
    private final int producerIndex;
    private final int maxParallelism;
    private final ZSet[][] buffers;
    private java.util.function.BooleanSupplier cancelled = () -> false;
    /** Rows added so far; written by the thread running the subtask, read by monitoring. */
    private volatile long emitted;

    OutputRouter(List<Edge> edges, int producerIndex, int maxParallelism) {
        this.edges = List.copyOf(edges);
        this.producerIndex = producerIndex;
        this.maxParallelism = maxParallelism;
        this.buffers = new ZSet[edges.size()][];
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            buffers[i] = new ZSet[edge.targets().size()];
            for (int t = 0; t < edge.targets().size(); t++) {
                boolean fed = !(edge.partitioning() instanceof Partitioning.Forward) || t == producerIndex;
                if (fed && edge.targets().get(t) instanceof RemoteTarget remote) {
                    remoteTargets.add(remote);
                    remoteChannels.add(new ExchangeLink.Channel(remote.target(), remote.attempt(), edge.targetInput(),
                            channel(edge)));
                }
            }
        }
    }

    /**
     * True when every channel to another TaskManager has a credit; otherwise {@code wake}
     * runs once the first short one has one (the subtask then checks again).
     */
    boolean readyOrWake(Runnable wake) {
        for (int i = 0; i < remoteChannels.size(); i++) {
            ExchangeLink link = remoteTargets.get(i).link();
            ExchangeLink.Channel channel = remoteChannels.get(i);
            if (!link.hasCredit(channel)) {
                link.whenCredit(channel, wake);
                return false;
            }
        }
        return true;
    }

    /** Makes {@link #add} throw {@link Cancelled} once {@code cancelled} is true. */
    void stopWhen(java.util.function.BooleanSupplier stop) {
        this.cancelled = stop;
    }

    @Override
    public void add(Row row, long weight) {
        if (cancelled.getAsBoolean()) {
            throw new Cancelled();
        }
        emitted++; // one writer at a time: the subtask runs on one thread at a time
        for (int e = 0; e < edges.size(); e++) {
            Edge edge = edges.get(e);
            if (edge.partitioning() instanceof Partitioning.Broadcast) {
                for (int target = 0; target < buffers[e].length; target++) {
                    addTo(e, target, row, weight);
                }
            } else {
                addTo(e, targetOf(edge, row), row, weight);
            }
        }
    }

    private void addTo(int edge, int target, Row row, long weight) {
        ZSet buffer = buffer(edge, target);
        buffer.add(row, weight);
        if (buffer.size() >= MAX_BUFFERED_ROWS) {
            buffers[edge][target] = null;
            Edge out = edges.get(edge);
            out.targets().get(target).enqueue(new Message.Data(out.targetInput(), channel(out), buffer));
        }
    }

    private ZSet buffer(int edge, int target) {
        ZSet buffer = buffers[edge][target];
        if (buffer == null) {
            buffer = new ZSet();
            buffers[edge][target] = buffer;
        }
        return buffer;
    }

    private int targetOf(Edge edge, Row row) {
        Partitioning partitioning = edge.partitioning();
        if (partitioning instanceof Partitioning.Forward) {
            return producerIndex;
        }
        if (partitioning instanceof Partitioning.Single) {
            return 0;
        }
        int parallelism = edge.targets().size();
        if (parallelism == 1) {
            return 0;
        }
        int keyGroup = KeyGroups.keyGroup(row, edge.keyColumns(), maxParallelism);
        return KeyGroups.subtaskOf(keyGroup, maxParallelism, parallelism);
    }

    /** The rows added so far. */
    long emitted() {
        return emitted;
    }

    void flush() {
        for (int e = 0; e < edges.size(); e++) {
            Edge edge = edges.get(e);
            for (int t = 0; t < buffers[e].length; t++) {
                ZSet buffer = buffers[e][t];
                if (buffer != null) {
                    buffers[e][t] = null;
                    edge.targets().get(t).enqueue(new Message.Data(edge.targetInput(), channel(edge), buffer));
                }
            }
        }
    }

    void broadcastBarrier(long epoch) {
        flush();
        for (Edge edge : edges) {
            if (edge.partitioning() instanceof Partitioning.Forward) {
                edge.targets().get(producerIndex).enqueue(new Message.Barrier(edge.targetInput(), 0, epoch));
            } else {
                for (Target target : edge.targets()) {
                    target.enqueue(new Message.Barrier(edge.targetInput(), producerIndex, epoch));
                }
            }
        }
    }

    private int channel(Edge edge) {
        return edge.partitioning() instanceof Partitioning.Forward ? 0 : producerIndex;
    }
}
