package io.rockstream.jobgraph.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.Row;
import io.rockstream.jobgraph.row.ZSet;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobPlaneMessageTest {
    private static ZSet rows() {
        ZSet zset = new ZSet();
        zset.add(Row.of(1, "a", null), 2);
        zset.add(Row.of(-7L, "é", new BigDecimal("12.50")), -1);
        return zset;
    }

    @Test
    void everyMessageComesBackAsItWasSent() {
        SubtaskId subtask = new SubtaskId(JobId.of("v"), VertexId.of(3), 1);
        Map<String, ZSet> inputs = new LinkedHashMap<>();
        inputs.put("t", rows());
        inputs.put("u", new ZSet());
        List<JobPlaneMessage> messages = List.of(new JobPlaneMessage.Hello("tm-1", "inc", 4, "127.0.0.1:4000"),
                new JobPlaneMessage.Deploy("{\"version\":1}", List.of(new JobPlaneMessage.Slot("tm-1", "127.0.0.1:4000"),
                        new JobPlaneMessage.Slot("tm-2", "127.0.0.1:4001")), 7),
                new JobPlaneMessage.Deployed(JobId.of("v"), 7), new JobPlaneMessage.Cancel(JobId.of("v")),
                new JobPlaneMessage.InjectData(JobId.of("v"), "t", rows()),
                new JobPlaneMessage.InjectEpoch(JobId.of("v"), 42, inputs), new JobPlaneMessage.Credit(JobId.of("v")),
                new JobPlaneMessage.SinkPart(subtask, 7, 42, rows()), new JobPlaneMessage.SinkEpoch(subtask, 7, 42, rows()),
                new JobPlaneMessage.DataErrors(subtask, 7, 42, rows()),
                new JobPlaneMessage.Failed(subtask, 7, "22012", "division by zero"),
                new JobPlaneMessage.PeerLost(subtask, 7, "127.0.0.1:4001"),
                new JobPlaneMessage.Deploy("{}", List.of(new JobPlaneMessage.Slot("tm-1", "127.0.0.1:4000")), 8,
                        Map.of(0, "{\"files\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8), 3, new byte[0]),
                        Map.of(1, 6, 2, 1)),
                new JobPlaneMessage.Checkpoint(12, 345, false), new JobPlaneMessage.Checkpoint(13, 346, true),
                new JobPlaneMessage.CheckpointDone(12, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        Map.of(JobId.of("v"), 7L), ""),
                new JobPlaneMessage.CheckpointDone(13, new byte[0], Map.of(), "disk full"));
        for (JobPlaneMessage message : messages) {
            byte[] frame = JobPlaneMessage.encode(message);
            assertThat(JobPlaneMessage.isJobPlane(frame[0])).isTrue();
            assertThat(frame[0]).isNotEqualTo((byte) '{');
            JobPlaneMessage decoded = JobPlaneMessage.decode(frame);
            assertThat(decoded).as("%s", message).isExactlyInstanceOf(message.getClass());
            assertThat(JobPlaneMessage.encode(decoded)).as("%s encoded again", message).isEqualTo(frame);

        }
    }

    @Test
    void restoreSourcesAndIdleJobsSurviveTheTrip() {
        byte[] state = "{\"formatVersion\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        JobPlaneMessage.Deploy deploy = (JobPlaneMessage.Deploy) JobPlaneMessage.decode(JobPlaneMessage.encode(
                new JobPlaneMessage.Deploy("{}", List.of(), 9, Map.of(5, state, 2, state), Map.of(3, 6))));
        assertThat(deploy.rescaledFrom()).containsExactly(Map.entry(3, 6));
        assertThat(deploy.restore()).containsOnlyKeys(2, 5);
        assertThat(deploy.restore().get(5)).isEqualTo(state);
        JobPlaneMessage.CheckpointDone done = (JobPlaneMessage.CheckpointDone) JobPlaneMessage.decode(
                JobPlaneMessage.encode(new JobPlaneMessage.CheckpointDone(4, state, Map.of(JobId.of("a"), 11L), "")));
        assertThat(done.idleJobs()).containsExactly(Map.entry(JobId.of("a"), 11L));
        assertThat(done.state()).isEqualTo(state);
    }

    @Test
    void rowsAndWeightsSurviveTheTrip() {
        ZSet sent = rows();
        ZSet received = ((JobPlaneMessage.InjectData) JobPlaneMessage.decode(JobPlaneMessage.encode(
                new JobPlaneMessage.InjectData(JobId.of("v"), "t", sent)))).chunk();
        assertThat(received.size()).isEqualTo(2);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.row(i)).isEqualTo(sent.row(i));
            assertThat(received.weight(i)).isEqualTo(sent.weight(i));
        }
    }

    @Test
    void damagedFramesAreRefused() {
        byte[] frame = JobPlaneMessage.encode(new JobPlaneMessage.SinkEpoch(new SubtaskId(JobId.of("v"), VertexId.of(0), 0),
                3, 1, rows()));
        assertThatThrownBy(() -> JobPlaneMessage.decode(java.util.Arrays.copyOf(frame, frame.length - 3)))
                .isInstanceOf(RockStreamException.class);
        assertThatThrownBy(() -> JobPlaneMessage.decode(new byte[] {99})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tag 99");
        byte[] trailing = java.util.Arrays.copyOf(frame, frame.length + 1);
        assertThatThrownBy(() -> JobPlaneMessage.decode(trailing)).isInstanceOf(RuntimeException.class);
    }
}
