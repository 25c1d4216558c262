package io.rockstream.jobgraph.control;

import io.rockstream.jobgraph.graph.JobId;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.graph.VertexId;
import io.rockstream.jobgraph.row.RowCodec;
import io.rockstream.jobgraph.row.ZSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The job plane between the JobManager and a TaskManager process: what runs there and the
 * deltas it reads and writes. It travels on its own connection, beside the control channel
 * ({@link ControlMessage}, JSON), one binary frame per message: a tag byte (never
 * {@code '{'}, so the two kinds cannot be mistaken for each other) and the fields in
 * {@link RowCodec} form, rows and weights included.
 *
 * <pre>
 *  TaskManager                         JobManager
 *     Hello(id, incarnation, slots, exchange address) ---->
 *                                   <---- Deploy(job graph, slot → TaskManager) / Cancel(job)
 *     Deployed(job) ------------------->
 *                                   <---- InjectData(job, relation, chunk)     (one credit each)
 *     Credit(job) --------------------->                                      (chunk consumed)
 *                                   <---- InjectEpoch(job, epoch, inputs)
 *     SinkPart(subtask, epoch, rows)* -->
 *     SinkEpoch(subtask, epoch, rows) -->  (the sink subtask finished the epoch)
 *     DataErrors / Failed ------------->
 *                                   <---- Checkpoint(id, epoch)               (between epochs)
 *     CheckpointDone(id, state, idle jobs) ->
 * </pre>
 */
public sealed interface JobPlaneMessage {
    /** A sink's epoch output is sent in parts of at most this many rows. */
    int MAX_ROWS_PER_FRAME = 16_384;

    /**
     * First frame of a TaskManager's job-plane connection; {@code exchange} is the
     * {@code host:port} other TaskManagers send it batches on.
     */
    record Hello(String taskManager, String incarnation, int slots, String exchange) implements JobPlaneMessage {
    }

    /** Where subtask index i of a job runs: a TaskManager and its exchange address. */
    record Slot(String taskManager, String exchange) {
    }

    /**
     * Run the job graph (JSON, {@code JobGraphJson}): the subtasks whose slot (index) names
     * this TaskManager, all of them when {@code slots} is empty; output for the others goes
     * to their TaskManager's exchange address. {@code attempt} is new at every deployment.
     * {@code restore} gives slot i's state checkpoint to start from; when
     * {@code rescaledFrom} (vertex → its parallelism before) is not empty, the job was
     * rescaled and {@code restore} lists the old slots, from which each local subtask takes
     * its key-group range.
     */
    record Deploy(String jobGraphJson, java.util.List<Slot> slots, long attempt, Map<Integer, byte[]> restore,
            Map<Integer, Integer> rescaledFrom) implements JobPlaneMessage {
        public Deploy {
            slots = java.util.List.copyOf(slots);
            restore = new java.util.TreeMap<>(restore);
            rescaledFrom = new java.util.TreeMap<>(rescaledFrom);
        }

        /** A deployment whose subtasks start with empty state. */
        public Deploy(String jobGraphJson, java.util.List<Slot> slots, long attempt) {
            this(jobGraphJson, slots, attempt, Map.of(), Map.of());
        }
    }

    /**
     * Take a checkpoint of this TaskManager's state store, now, before any later message:
     * the JobManager sends it between epochs, when epoch {@code epoch} is complete. With
     * {@code forgetUploads} the checkpoint uploads every file again: the JobManager did not
     * keep this TaskManager's previous checkpoint (it answered too late), so its files may
     * have been garbage-collected.
     */
    record Checkpoint(long id, long epoch, boolean forgetUploads) implements JobPlaneMessage {
    }

    /**
     * The answer to {@link Checkpoint}: the state checkpoint's description ({@code state},
     * empty when this TaskManager keeps no durable state or {@code error} says why it failed)
     * and the jobs whose subtasks here were all idle at it (job → deployment number), whose
     * state it holds as of their last epoch.
     */
    record CheckpointDone(long id, byte[] state, Map<JobId, Long> idleJobs, String error) implements JobPlaneMessage {
        public CheckpointDone {
            Objects.requireNonNull(state, "state is null");
            idleJobs = new LinkedHashMap<>(idleJobs);
            Objects.requireNonNull(error, "error is null");
        }
    }

    /**
     * The TaskManager deployed its subtasks of deployment {@code attempt} of {@code job}: they
     * can receive batches.
     */
    record Deployed(JobId job, long attempt) implements JobPlaneMessage {
    }

    record Cancel(JobId job) implements JobPlaneMessage {
    }

    /** Part of the coming epoch's input for the sources reading {@code relation}. */
    record InjectData(JobId job, String relation, ZSet chunk) implements JobPlaneMessage {
    }

    /** The epoch's (remaining) input per relation, then its barrier. */
    record InjectEpoch(JobId job, long epoch, Map<String, ZSet> inputs) implements JobPlaneMessage {
        public InjectEpoch {
            inputs = new LinkedHashMap<>(inputs);
        }
    }

    /** The TaskManager consumed one {@link InjectData} of {@code job}: the JobManager may send another. */
    record Credit(JobId job) implements JobPlaneMessage {
    }

    /** What a subtask of one deployment ({@code attempt}) tells the JobManager. */
    sealed interface Answer extends JobPlaneMessage {
        SubtaskId subtask();

        long attempt();
    }

    /** Part of a sink subtask's output for {@code epoch}; its {@link SinkEpoch} follows. */
    record SinkPart(SubtaskId subtask, long attempt, long epoch, ZSet delta) implements Answer {
    }

    /** The last part of a sink subtask's output for {@code epoch}: the subtask finished it. */
    record SinkEpoch(SubtaskId subtask, long attempt, long epoch, ZSet delta) implements Answer {
    }

    record DataErrors(SubtaskId subtask, long attempt, long epoch, ZSet errors) implements Answer {
    }

    /** A subtask of deployment {@code attempt} failed: the error's SQLSTATE and message. */
    record Failed(SubtaskId subtask, long attempt, String sqlstate, String message) implements Answer {
        public Failed {
            Objects.requireNonNull(sqlstate, "sqlstate is null");
            Objects.requireNonNull(message, "message is null");
        }
    }

    /**
     * The TaskManager's exchange connection to {@code peer} broke while deployment
     * {@code attempt} of the subtask's job used it: the job cannot go on there (not the job's
     * fault) and is to be placed again.
     */
    record PeerLost(SubtaskId subtask, long attempt, String peer) implements Answer {
    }

    byte HELLO = 1;
    byte DEPLOY = 2;
    byte CANCEL = 3;
    byte INJECT_DATA = 4;
    byte INJECT_EPOCH = 5;
    byte CREDIT = 6;
    byte SINK_PART = 7;
    byte SINK_EPOCH = 8;
    byte DATA_ERRORS = 9;
    byte FAILED = 10;
    byte DEPLOYED = 11;
    byte PEER_LOST = 12;
    byte CHECKPOINT = 13;
    byte CHECKPOINT_DONE = 14;

    /** True when {@code frame} is a job-plane frame, not a JSON control message. */
    static boolean isJobPlane(byte firstByte) {
        return firstByte >= HELLO && firstByte <= CHECKPOINT_DONE;
    }

    static byte[] encode(JobPlaneMessage message) {
        RowCodec.Writer writer = new RowCodec.Writer(64);
        if (message instanceof Hello hello) {
            writer.varint(HELLO).string(hello.taskManager()).string(hello.incarnation()).varint(hello.slots())
                    .string(hello.exchange());
        } else if (message instanceof Deploy deploy) {
            writer.varint(DEPLOY).string(deploy.jobGraphJson()).varint(deploy.slots().size());
            deploy.slots().forEach(slot -> writer.string(slot.taskManager()).string(slot.exchange()));
            writer.varint(deploy.attempt()).varint(deploy.restore().size());
            deploy.restore().forEach((slot, state) -> writer.varint(slot).bytes(state));
            writer.varint(deploy.rescaledFrom().size());
            deploy.rescaledFrom().forEach((vertex, parallelism) -> writer.varint(vertex).varint(parallelism));
        } else if (message instanceof Checkpoint checkpoint) {
            writer.varint(CHECKPOINT).varint(checkpoint.id()).signed(checkpoint.epoch())
                    .varint(checkpoint.forgetUploads() ? 1 : 0);
        } else if (message instanceof CheckpointDone done) {
            writer.varint(CHECKPOINT_DONE).varint(done.id()).bytes(done.state()).varint(done.idleJobs().size());
            done.idleJobs().forEach((job, attempt) -> writer.string(job.value()).varint(attempt));
            writer.string(done.error());
        } else if (message instanceof PeerLost lost) {
            subtask(writer.varint(PEER_LOST), lost.subtask()).varint(lost.attempt()).string(lost.peer());
        } else if (message instanceof Deployed deployed) {
            writer.varint(DEPLOYED).string(deployed.job().value()).varint(deployed.attempt());
        } else if (message instanceof Cancel cancel) {
            writer.varint(CANCEL).string(cancel.job().value());
        } else if (message instanceof InjectData data) {
            writer.varint(INJECT_DATA).string(data.job().value()).string(data.relation()).zset(data.chunk());
        } else if (message instanceof InjectEpoch inject) {
            writer.varint(INJECT_EPOCH).string(inject.job().value()).signed(inject.epoch()).varint(inject.inputs().size());
            inject.inputs().forEach((relation, delta) -> writer.string(relation).zset(delta));
        } else if (message instanceof Credit credit) {
            writer.varint(CREDIT).string(credit.job().value());
        } else if (message instanceof SinkPart part) {
            subtask(writer.varint(SINK_PART), part.subtask()).varint(part.attempt()).signed(part.epoch())
                    .zset(part.delta());
        } else if (message instanceof SinkEpoch sink) {
            subtask(writer.varint(SINK_EPOCH), sink.subtask()).varint(sink.attempt()).signed(sink.epoch())
                    .zset(sink.delta());
        } else if (message instanceof DataErrors errors) {
            subtask(writer.varint(DATA_ERRORS), errors.subtask()).varint(errors.attempt()).signed(errors.epoch())
                    .zset(errors.errors());
        } else if (message instanceof Failed failed) {
            subtask(writer.varint(FAILED), failed.subtask()).varint(failed.attempt()).string(failed.sqlstate())
                    .string(failed.message());
        } else {
            throw new IllegalArgumentException("not a job-plane message: " + message);
        }
        return writer.toByteArray();
    }

    private static RowCodec.Writer subtask(RowCodec.Writer writer, SubtaskId subtask) {
        return writer.string(subtask.job().value()).varint(subtask.vertex().value()).varint(subtask.index());
    }

    /** Decodes a frame; a malformed one fails with XX001 (a {@code RockStreamException}). */
    static JobPlaneMessage decode(byte[] frame) {
        RowCodec.Reader reader = new RowCodec.Reader(frame, 0, frame.length);
        int tag = (int) reader.varint();
        JobPlaneMessage message;
        switch (tag) {
            case HELLO:
                message = new Hello(reader.string(), reader.string(), (int) reader.varint(), reader.string());
                break;
            case DEPLOY: {
                String graph = reader.string();
                int count = reader.count();
                java.util.List<Slot> slots = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    slots.add(new Slot(reader.string(), reader.string()));
                }
                long attempt = reader.varint();
                int restores = reader.count();
                Map<Integer, byte[]> restore = new LinkedHashMap<>();
                for (int i = 0; i < restores; i++) {
                    restore.put((int) reader.varint(), reader.bytes());
                }
                int vertices = reader.count();
                Map<Integer, Integer> rescaledFrom = new LinkedHashMap<>();
                for (int i = 0; i < vertices; i++) {
                    rescaledFrom.put((int) reader.varint(), (int) reader.varint());
                }
                message = new Deploy(graph, slots, attempt, restore, rescaledFrom);
                break;
            }
            case CHECKPOINT:
                message = new Checkpoint(reader.varint(), reader.signed(), reader.varint() == 1);
                break;
            case CHECKPOINT_DONE: {
                long id = reader.varint();
                byte[] state = reader.bytes();
                int jobs = reader.count();
                Map<JobId, Long> idle = new LinkedHashMap<>();
                for (int i = 0; i < jobs; i++) {
                    idle.put(JobId.of(reader.string()), reader.varint());
                }
                message = new CheckpointDone(id, state, idle, reader.string());
                break;
            }
            case PEER_LOST:
                message = new PeerLost(subtask(reader), reader.varint(), reader.string());
                break;
            case DEPLOYED:
                message = new Deployed(JobId.of(reader.string()), reader.varint());
                break;
            case CANCEL:
                message = new Cancel(JobId.of(reader.string()));
                break;
            case INJECT_DATA:
                message = new InjectData(JobId.of(reader.string()), reader.string(), reader.zset());
                break;
            case INJECT_EPOCH: {
                JobId job = JobId.of(reader.string());
                long epoch = reader.signed();
                int relations = reader.count();
                Map<String, ZSet> inputs = new LinkedHashMap<>();
                for (int i = 0; i < relations; i++) {
                    inputs.put(reader.string(), reader.zset());
                }
                message = new InjectEpoch(job, epoch, inputs);
                break;
            }
            case CREDIT:
                message = new Credit(JobId.of(reader.string()));
                break;
            case SINK_PART:
                message = new SinkPart(subtask(reader), reader.varint(), reader.signed(), reader.zset());
                break;
            case SINK_EPOCH:
                message = new SinkEpoch(subtask(reader), reader.varint(), reader.signed(), reader.zset());
                break;
            case DATA_ERRORS:
                message = new DataErrors(subtask(reader), reader.varint(), reader.signed(), reader.zset());
                break;
            case FAILED:
                message = new Failed(subtask(reader), reader.varint(), reader.string(), reader.string());
                break;
            default:
                throw new IllegalArgumentException("unknown job-plane message tag " + tag);
        }
        reader.expectEnd();
        return message;
    }

    private static SubtaskId subtask(RowCodec.Reader reader) {
        return new SubtaskId(JobId.of(reader.string()), VertexId.of((int) reader.varint()), (int) reader.varint());
    }
}
