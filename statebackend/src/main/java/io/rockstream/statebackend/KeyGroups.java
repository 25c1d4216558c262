package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.type.Values;

/**
 * Key → key group → subtask (ARCHITECTURE.md §4). A key hashes into one of
 * {@code maxParallelism} key groups; subtask i of p owns the contiguous key-group range
 * {@code [i * max / p, (i + 1) * max / p)}, so rescaling moves ranges, never re-hashes.
 */
public final class KeyGroups {
    private KeyGroups() {
    }

    /** The most key groups a job may have: a key group is stored in two bytes, 0xFFFF is reserved. */
    public static final int MAX_KEY_GROUPS = 0xFFFF;

    /** The key group of the row's key columns, as the router computes it for a hash edge. */
    public static int keyGroup(Row row, int[] keyColumns, int maxParallelism) {
        int hash = 1;
        for (int column : keyColumns) {
            hash = 31 * hash + Values.hash(row.get(column));
        }
        return Math.floorMod(mix(hash), maxParallelism);
    }

    /**
     * The key group of a key row (all its columns): the same key group the router computed
     * for the input row the key was projected from, {@code keyGroup(key, all) == keyGroup(row, keys)}.
     */
    public static int keyGroup(Row key, int maxParallelism) {
        int hash = 1;
        for (int column = 0; column < key.size(); column++) {
            hash = 31 * hash + Values.hash(key.get(column));
        }
        return Math.floorMod(mix(hash), maxParallelism);
    }

    public static int subtaskOf(int keyGroup, int maxParallelism, int parallelism) {
        return (int) ((long) keyGroup * parallelism / maxParallelism);
    }

    /** The first key group owned by {@code subtask}. */
    public static int rangeStart(int subtask, int maxParallelism, int parallelism) {
        return (int) (((long) subtask * maxParallelism + parallelism - 1) / parallelism);
    }

    /** Murmur3's finalizer: spreads nearby hash codes over all key groups. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
