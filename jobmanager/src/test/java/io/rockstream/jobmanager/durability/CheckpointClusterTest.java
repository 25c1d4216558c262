package io.rockstream.jobmanager.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.statebackend.rocksdb.StateCheckpoint;
import io.rockstream.statebackend.rocksdb.StateFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointClusterTest {
    private static StateCheckpoint store(String incarnation, String... files) {
        return new StateCheckpoint(StateCheckpoint.FORMAT_VERSION, incarnation, java.util.Arrays.stream(files)
                .map(name -> new StateFile(name, "state/" + incarnation + "/" + name, 10, 42)).toList(), 10, 0);
    }

    private static CheckpointCluster sample() {
        return new CheckpointCluster(Map.of(CheckpointCluster.LOCAL, store("jm", "000001.sst"), "tm-1",
                store("a", "000007.sst", "MANIFEST-1"), "tm-2", store("b", "000009.sst")),
                Map.of("spread", List.of("tm-1", "tm-2", "tm-1"), "home", List.of("", "")));
    }

    @Test
    void everySlotFindsItsStoreAfterTheTrip() {
        CheckpointCluster read = CheckpointCluster.fromJson("k", sample().toJson());
        assertThat(read.views()).isEqualTo(sample().views());
        assertThat(read.local("home")).isTrue();
        assertThat(read.local("spread")).isFalse();
        Map<Integer, byte[]> slots = read.slots("spread");
        assertThat(slots).containsOnlyKeys(0, 1, 2);
        assertThat(StateCheckpoint.fromJson(slots.get(1)).incarnation()).isEqualTo("b");
        assertThat(StateCheckpoint.fromJson(slots.get(2)).incarnation()).isEqualTo("a");
        assertThat(read.slots("absent")).isNull();
        assertThat(read.objectKeys()).containsExactlyInAnyOrder("state/jm/000001.sst", "state/a/000007.sst",
                "state/a/MANIFEST-1", "state/b/000009.sst");
    }

    @Test
    void slotsOfOneStoreShareOneDescription() {
        Map<String, Map<Integer, byte[]>> slots = sample().slotsByView();
        assertThat(slots).containsOnlyKeys("spread", "home");
        assertThat(slots.get("spread").get(0)).isSameAs(slots.get("spread").get(2));
        assertThat(slots.get("spread").get(0)).isNotSameAs(slots.get("spread").get(1));
        assertThat(StateCheckpoint.fromJson(slots.get("home").get(1)).incarnation()).isEqualTo("jm");
    }

    @Test
    void aViewNamingAnUnlistedStoreOrADamagedFileIsRefused() {
        assertThatThrownBy(() -> new CheckpointCluster(Map.of(), Map.of("v", List.of("tm-9"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tm-9");
        assertThatThrownBy(() -> CheckpointCluster.fromJson("checkpoints/1/stores.json",
                "{\"version\":1,\"stores\":{},\"views\":{\"v\":[\"x\"]}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RockStreamException.class).hasMessageContaining("stores.json")
                .satisfies(e -> assertThat(((RockStreamException) e).sqlState()).isEqualTo("XX001"));
        assertThatThrownBy(() -> CheckpointCluster.fromJson("k", "{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RockStreamException.class);
    }
}
