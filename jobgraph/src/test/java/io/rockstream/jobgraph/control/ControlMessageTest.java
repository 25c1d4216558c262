package io.rockstream.jobgraph.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlMessageTest {
    @Test
    void everyMessageRoundTrips() {
        List<ControlMessage> messages = List.of(
                new ControlMessage.Register("tm-a", "i-1", 4, List.of(new ControlMessage.Attempt("v", 3, 7))),
                new ControlMessage.Register("tm-b", "i-2", 1, List.of()),
                new ControlMessage.Heartbeat("tm-a", "i-1"),
                new ControlMessage.Reregister(),
                new ControlMessage.Cancel(new ControlMessage.Attempt("job \"x\"", 1, 2)));
        for (ControlMessage message : messages) {
            assertThat(ControlMessage.decode(ControlMessage.encode(message))).isEqualTo(message);
        }
    }

    @Test
    void aBadFrameIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> decode("not json")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> decode("[1]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> decode("{}")).hasMessageContaining("\"type\"");
        assertThatThrownBy(() -> decode("{\"type\": \"deploy-everything\"}")).hasMessageContaining("unknown control message");
        assertThatThrownBy(() -> decode("{\"type\": \"register\", \"taskManager\": \"a\", \"incarnation\": \"b\", \"slots\": 0}"))
                .hasMessageContaining("at least one slot");
        assertThatThrownBy(() -> decode("{\"type\": \"heartbeat\", \"taskManager\": 5, \"incarnation\": \"b\"}"))
                .hasMessageContaining("\"taskManager\"");
        assertThatThrownBy(() -> decode("{\"type\": \"cancel\", \"attempt\": {\"job\": \"v\"}}"))
                .hasMessageContaining("leader and a number");
    }

    private static ControlMessage decode(String text) {
        return ControlMessage.decode(text.getBytes(StandardCharsets.UTF_8));
    }
}
