package io.rockstream.jobmanager.durability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rockstream.jobgraph.error.ErrorCode;
import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a checkpoint's operator state is, store by store: the JobManager's own store (named
 * {@value #LOCAL}) and the store of every TaskManager process that checkpointed, each a
 * {@link StateCheckpoint}; and for every materialized view whose state the checkpoint holds,
 * the store of each of its slots (subtask index i of every vertex is in slot i). A view the
 * checkpoint lists in its snapshot but not here is rebuilt from its inputs on restore.
 *
 * <pre>
 * {"version": 1,
 *  "stores": {"": {…state checkpoint…}, "tm-1": {…}, "tm-2": {…}},
 *  "views": {"totals": ["tm-1", "tm-2", "tm-1"], "local_view": [""]}}
 * </pre>
 */
public record CheckpointCluster(Map<String, StateCheckpoint> stores, Map<String, List<String>> views) {
    /** The name of the JobManager's own store. */
    public static final String LOCAL = "";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckpointCluster {
        Map<String, StateCheckpoint> known = new TreeMap<>(requireNonNull(stores, "stores is null"));
        stores = known;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        requireNonNull(views, "views is null").forEach((view, slots) -> {
            for (String store : slots) {
                if (!known.containsKey(store)) {
                    throw new IllegalArgumentException("view " + view + " names store \"" + store + "\", which is not listed");
                }
            }
            copy.put(view, List.copyOf(slots));
        });
        views = copy;
    }

    /** The state checkpoint of each slot of {@code view} (serialized), or null when the checkpoint does not hold it. */
    public Map<Integer, byte[]> slots(String view) {
        return slots(view, new java.util.HashMap<>());
    }

    /**
     * The state checkpoint of each slot of every view it holds, by view: the slots of one
     * store share one serialized description (a store can list thousands of files).
     */
    public Map<String, Map<Integer, byte[]>> slotsByView() {
        Map<String, byte[]> serialized = new java.util.HashMap<>();
        Map<String, Map<Integer, byte[]>> result = new LinkedHashMap<>();
        views.keySet().forEach(view -> result.put(view, slots(view, serialized)));
        return result;
    }

    private Map<Integer, byte[]> slots(String view, Map<String, byte[]> serialized) {
        List<String> slots = views.get(view);
        if (slots == null) {
            return null;
        }
        Map<Integer, byte[]> result = new LinkedHashMap<>();
        for (int index = 0; index < slots.size(); index++) {
            result.put(index, serialized.computeIfAbsent(slots.get(index), store -> stores.get(store).toJson()));
        }
        return result;
    }

    /** True when every slot of {@code view} is in the JobManager's own store. */
    public boolean local(String view) {
        List<String> slots = views.get(view);
        return slots != null && slots.stream().allMatch(LOCAL::equals);
    }

    /** Every object the stores need: what garbage collection must keep. */
    public Set<String> objectKeys() {
        Set<String> keys = new java.util.HashSet<>();
        stores.values().forEach(store -> keys.addAll(store.objectKeys()));
        return keys;
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        ObjectNode storeNodes = root.putObject("stores");
        try {
            for (Map.Entry<String, StateCheckpoint> store : stores.entrySet()) {
                storeNodes.set(store.getKey(), JSON.readTree(store.getValue().toJson()));
            }
        } catch (IOException e) {
            throw RockStreamException.internal("cannot write a checkpoint's store list", e);
        }
        ObjectNode viewNodes = root.putObject("views");
        views.forEach((view, slots) -> {
            ArrayNode list = viewNodes.putArray(view);
            slots.forEach(list::add);
        });
        return root.toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads {@link #toJson()}'s output; a malformed file fails with XX001 naming {@code key}. */
    public static CheckpointCluster fromJson(String key, byte[] json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.path("version").asInt() != VERSION) {
                throw damaged(key, "unknown version");
            }
            Map<String, StateCheckpoint> stores = new TreeMap<>();
            var names = root.path("stores").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                stores.put(name, StateCheckpoint.fromJson(JSON.writeValueAsBytes(root.path("stores").get(name))));
            }
            Map<String, List<String>> views = new LinkedHashMap<>();
            var viewNames = root.path("views").fieldNames();
            while (viewNames.hasNext()) {
                String view = viewNames.next();
                List<String> slots = new ArrayList<>();
                root.path("views").get(view).forEach(slot -> slots.add(slot.asText()));
                views.put(view, slots);
            }
            return new CheckpointCluster(stores, views);
        } catch (IOException | IllegalArgumentException e) {
            throw damaged(key, e.getMessage());
        }
    }

    private static RockStreamException damaged(String key, String why) {
        return RockStreamException.of(ErrorCode.DATA_CORRUPTED, "checkpoint file %s is damaged: %s", key, why);
    }
}
