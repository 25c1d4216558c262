package io.rockstream.jobmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SlotPlacementTest {
    private static final int[] SIX_BY_FOUR = {4, 4, 4, 4, 4, 4}; // parallelism 6, four vertices

    @Test
    void slotsGoToTheTaskManagerWithTheFewestSubtasksPerSlot() {
        Map<String, Integer> load = new HashMap<>(Map.of("a", 0, "b", 0, "c", 6));
        Map<String, Integer> slots = Map.of("a", 2, "b", 2, "c", 4);
        List<String> placed = SlotPlacement.place(load, slots, new int[] {3, 3, 3, 1});
        // a and b tie at 0 (a first); then b; then all three at 1.5 per slot (a first); then b at 1.5 beats 3 and c's 1.5
        // by its id
        assertThat(placed).containsExactly("a", "b", "a", "b");
        assertThat(load).isEqualTo(Map.of("a", 6, "b", 4, "c", 6));
    }

    @Test
    void aTaskManagerThatJoinedTakesViewsUntilNoMoveNarrowsTheGap() {
        Map<String, Integer> slots = new HashMap<>(Map.of("tm-0", 2, "tm-1", 2));
        Map<String, List<String>> hosts = new HashMap<>();
        Map<String, int[]> widths = new HashMap<>();
        for (String view : List.of("v1", "v2", "v3")) {
            Map<String, Integer> load = new SlotPlacement.Cluster(slots, hosts, widths).load();
            hosts.put(view, SlotPlacement.place(load, slots, SIX_BY_FOUR));
            widths.put(view, SIX_BY_FOUR);
        }
        assertThat(SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, widths))).as("balanced").isEmpty();

        slots.put("tm-2", 2); // joined, runs nothing
        int moves = 0;
        for (Optional<String> move = SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, widths));
                move.isPresent(); move = SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, widths))) {
            Map<String, List<String>> without = new HashMap<>(hosts);
            without.remove(move.get());
            hosts.put(move.get(), SlotPlacement.place(new SlotPlacement.Cluster(slots, without, widths).load(), slots,
                    widths.get(move.get())));
            moves++;
            assertThat(moves).as("moves end").isLessThanOrEqualTo(3);
        }
        assertThat(moves).isPositive();
        Map<String, Integer> load = new SlotPlacement.Cluster(slots, hosts, widths).load();
        assertThat(load.get("tm-2")).as("the one that joined runs subtasks: %s", load).isPositive();
        int most = load.values().stream().max(Integer::compare).orElseThrow();
        int least = load.values().stream().min(Integer::compare).orElseThrow();
        assertThat(most - least).as("evened out: %s", load).isLessThanOrEqualTo(8);
    }

    @Test
    void aJobOnATaskManagerBeingLostIsLeftToFailover() {
        Map<String, Integer> slots = Map.of("tm-1", 2, "tm-2", 2);
        Map<String, List<String>> hosts = Map.of("v", List.of("tm-0", "tm-1", "tm-0", "tm-1", "tm-0", "tm-1"));
        assertThat(SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, Map.of("v", SIX_BY_FOUR))))
                .isEmpty();
    }

    @Test
    void everyMoveNarrowsTheGapSoMovesEndForAnyCluster() {
        Random random = new Random(7);
        for (int run = 0; run < 500; run++) {
            Map<String, Integer> slots = new HashMap<>();
            int taskManagers = 1 + random.nextInt(4);
            for (int i = 0; i < taskManagers; i++) {
                slots.put("tm-" + i, 1 + random.nextInt(4));
            }
            Map<String, List<String>> hosts = new HashMap<>();
            Map<String, int[]> widths = new HashMap<>();
            for (int v = 0; v < 1 + random.nextInt(6); v++) {
                int[] width = new int[1 + random.nextInt(6)];
                for (int i = 0; i < width.length; i++) {
                    width[i] = 1 + random.nextInt(5);
                }
                List<String> placed = new java.util.ArrayList<>();
                for (int i = 0; i < width.length; i++) {
                    placed.add("tm-" + random.nextInt(taskManagers)); // anywhere: as failovers leave it
                }
                hosts.put("v" + v, placed);
                widths.put("v" + v, width);
            }
            int moves = 0;
            for (Optional<String> move = SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, widths));
                    move.isPresent(); move = SlotPlacement.nextMove(new SlotPlacement.Cluster(slots, hosts, widths))) {
                Map<String, List<String>> without = new HashMap<>(hosts);
                without.remove(move.get());
                hosts.put(move.get(), SlotPlacement.place(new SlotPlacement.Cluster(slots, without, widths).load(),
                        slots, widths.get(move.get())));
                assertThat(++moves).as("run %d: moves end", run).isLessThan(100);
            }
        }
    }
}
