package io.rockstream.statebackend;

import io.rockstream.jobgraph.row.Row;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps every state in Java hash maps on the heap, for tests, ad hoc queries and the
 * in-memory engine. Values stay the objects the operator mutates, so serializers are not
 * used and {@link #endEpoch} has nothing to write.
 */
public final class HeapStateBackend implements StateBackend {
    private final Map<String, Object> states = new HashMap<>();

    /** A state asked for twice by the same name is the same state. */
    @Override
    @SuppressWarnings("unchecked")
    public <V> KeyedValueState<V> valueState(String name, StateSerializer<V> serializer) {
        return (KeyedValueState<V>) states.computeIfAbsent(name, n -> new HeapValueState<>());
    }

    @Override
    public void endEpoch(long epoch) {
    }

    @Override
    public Arrangement arrangement(String name) {
        return (Arrangement) states.computeIfAbsent(name, n -> new HeapArrangement());
    }

    private static final class HeapValueState<V> implements KeyedValueState<V> {
        private final Map<Row, V> values = new HashMap<>();

        @Override
        public V get(Row key) {
            return values.get(key);
        }

        @Override
        public void put(Row key, V value) {
            values.put(key, value);
        }

        @Override
        public void remove(Row key) {
            values.remove(key);
        }

        @Override
        public long size() {
            return values.size();
        }

        @Override
        public void forEach(BiConsumer<Row, V> consumer) {
            values.forEach(consumer);
        }
    }

    private static final class HeapArrangement implements Arrangement {
        private final Map<Row, Entry> entries = new HashMap<>();

        /** The rows of one key and their total weight. */
        private static final class Entry {
            final Map<Row, Long> rows = new HashMap<>(4);
            long total;
        }

        @Override
        public void add(Row key, Row row, long weight) {
            if (weight == 0) {
                return;
            }
            Entry entry = entries.computeIfAbsent(key, k -> new Entry());
            long updated = entry.rows.merge(row, weight, Long::sum);
            if (updated == 0) {
                entry.rows.remove(row);
            }
            entry.total += weight;
            if (entry.rows.isEmpty()) {
                entries.remove(key);
            }
        }

        @Override
        public Map<Row, Long> get(Row key) {
            Entry entry = entries.get(key);
            return entry == null ? Map.of() : Collections.unmodifiableMap(entry.rows);
        }

        @Override
        public long totalWeight(Row key) {
            Entry entry = entries.get(key);
            return entry == null ? 0 : entry.total;
        }

        @Override
        public long keyCount() {
            return entries.size();
        }
    }
}
