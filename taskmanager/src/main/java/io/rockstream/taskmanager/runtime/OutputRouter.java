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
 * subtasks exchange batches by reference, never re-encoded.
 */
final class OutputRouter implements Collector {
    /** One out edge: its partitioning, the target subtasks and the input they read us on. */
    record Edge(Partitioning partitioning, int[] keyColumns, List<Subtask> targets, int targetInput) {
    }

    private final List<Edge> edges;
    private final int producerIndex;
    private final int maxParallelism;
    private final ZSet[][] buffers;

    OutputRouter(List<Edge> edges, int producerIndex, int maxParallelism) {
        this.edges = List.copyOf(edges);
        this.producerIndex = producerIndex;
        this.maxParallelism = maxParallelism;
        this.buffers = new ZSet[edges.size()][];
        for (int i = 0; i < edges.size(); i++) {
            buffers[i] = new ZSet[edges.get(i).targets().size()];
        }
    }

    @Override
    public void add(Row row, long weight) {
        for (int e = 0; e < edges.size(); e++) {
            Edge edge = edges.get(e);
            if (edge.partitioning() instanceof Partitioning.Broadcast) {
                for (int target = 0; target < buffers[e].length; target++) {
                    buffer(e, target).add(row, weight);
                }
            } else {
                buffer(e, targetOf(edge, row)).add(row, weight);
            }
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
                for (Subtask target : edge.targets()) {
                    target.enqueue(new Message.Barrier(edge.targetInput(), producerIndex, epoch));
                }
            }
        }
    }

    private int channel(Edge edge) {
        return edge.partitioning() instanceof Partitioning.Forward ? 0 : producerIndex;
    }
}
