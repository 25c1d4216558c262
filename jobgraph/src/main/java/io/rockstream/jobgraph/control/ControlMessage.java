package io.rockstream.jobgraph.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The messages of the control channel between the JobManager and a TaskManager
 * (ARCHITECTURE.md §5), and their wire form: one JSON object per frame, with a
 * {@code "type"}. A frame that is not one of these fails to decode with
 * {@link IllegalArgumentException}; the receiver drops the connection.
 */
public sealed interface ControlMessage {
    ObjectMapper JSON = new ObjectMapper();

    /** TaskManager → JobManager: who it is, its slots, and the job attempts it still runs. */
    record Register(String taskManager, String incarnation, int slots, List<Attempt> running) implements ControlMessage {
        public Register {
            Objects.requireNonNull(taskManager, "taskManager is null");
            Objects.requireNonNull(incarnation, "incarnation is null");
            running = List.copyOf(running);
        }
    }

    /** TaskManager → JobManager: still alive. */
    record Heartbeat(String taskManager, String incarnation) implements ControlMessage {
    }

    /** JobManager → TaskManager: register again (the JobManager does not know this incarnation). */
    record Reregister() implements ControlMessage {
    }

    /** JobManager → TaskManager: stop every subtask of the attempt. */
    record Cancel(Attempt attempt) implements ControlMessage {
    }

    /** A job attempt on the wire. */
    record Attempt(String job, long leader, long number) {
    }

    static byte[] encode(ControlMessage message) {
        ObjectNode node = JSON.createObjectNode();
        if (message instanceof Register register) {
            node.put("type", "register").put("taskManager", register.taskManager())
                    .put("incarnation", register.incarnation()).put("slots", register.slots());
            ArrayNode running = node.putArray("running");
            register.running().forEach(attempt -> running.add(attempt(attempt)));
        } else if (message instanceof Heartbeat heartbeat) {
            node.put("type", "heartbeat").put("taskManager", heartbeat.taskManager())
                    .put("incarnation", heartbeat.incarnation());
        } else if (message instanceof Reregister) {
            node.put("type", "reregister");
        } else if (message instanceof Cancel cancel) {
            node.put("type", "cancel").set("attempt", attempt(cancel.attempt()));
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ObjectNode attempt(Attempt attempt) {
        return JSON.createObjectNode().put("job", attempt.job()).put("leader", attempt.leader())
                .put("number", attempt.number());
    }

    static ControlMessage decode(byte[] frame) {
        JsonNode node;
        try {
            node = JSON.readTree(frame);
        } catch (IOException e) {
            throw new IllegalArgumentException("a control frame is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("a control frame is not a JSON object");
        }
        String type = text(node, "type");
        switch (type) {
            case "register": {
                List<Attempt> running = new ArrayList<>();
                for (JsonNode attempt : node.path("running")) {
                    running.add(attempt(attempt));
                }
                int slots = node.path("slots").asInt(0);
                if (slots < 1) {
                    throw new IllegalArgumentException("a registration needs at least one slot");
                }
                return new Register(text(node, "taskManager"), text(node, "incarnation"), slots, running);
            }
            case "heartbeat":
                return new Heartbeat(text(node, "taskManager"), text(node, "incarnation"));
            case "reregister":
                return new Reregister();
            case "cancel":
                return new Cancel(attempt(node.path("attempt")));
            default:
                throw new IllegalArgumentException("unknown control message type \"" + type + "\"");
        }
    }

    private static Attempt attempt(JsonNode node) {
        if (!node.path("leader").canConvertToLong() || !node.path("number").canConvertToLong()) {
            throw new IllegalArgumentException("a job attempt needs a leader and a number");
        }
        return new Attempt(text(node, "job"), node.get("leader").asLong(), node.get("number").asLong());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("a control message needs a string \"" + field + "\"");
        }
        return value.asText();
    }
}
