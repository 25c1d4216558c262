package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.error.RockStreamException;
import io.rockstream.jobgraph.graph.SubtaskId;
import io.rockstream.jobgraph.row.ZSet;
import io.rockstream.statebackend.StateBackend;
import io.rockstream.taskmanager.operator.ErrorRows;
import io.rockstream.taskmanager.operator.Operator;
import io.rockstream.taskmanager.operator.OperatorContext;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One operator instance: a mailbox drained by at most one pool thread at a time, so the
 * operator and its state are owned by a single thread at any moment.
 *
 * <p>Barrier alignment: once the barrier of epoch e arrived on a channel, later messages of
 * that channel belong to epoch e+1 and wait in {@code held} until every channel of every
 * input has delivered barrier e; then the operator finishes the epoch, the barrier goes
 * downstream and the held messages are replayed.
 *
 * <pre>
 *   upstream#0 --data--data--|B(e)--data(e+1, held)--
 *   upstream#1 --data---------------------|B(e)      => finishEpoch(e), forward B(e), replay held
 * </pre>
 */
final class Subtask implements Runnable, Target {
    private static final int MAX_MESSAGES_PER_RUN = 64;

    private final SubtaskId id;
    private final Operator operator;
    private final Executor executor;
    private final JobManagerGateway jobManager;
    private final StateBackend state;
    private final InFlight inFlight;
    private final int totalChannels;
    private final Queue<Message> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean cancelled;
    /** Held while a pool thread runs this subtask's messages: {@link #awaitStopped} waits for it. */
    private final java.util.concurrent.locks.ReentrantLock running = new java.util.concurrent.locks.ReentrantLock();
    /** Set while a channel to another TaskManager has no credit: the subtask takes no input until woken. */
    private volatile boolean waitingForCredit;
    // monitoring: written by the thread running the subtask (one at a time), read by any thread
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long rowsIn;
    private volatile long sinkRowsOut;
    private volatile long busyNanos;
    private volatile long lastEpoch = -1;
    /** The last epoch whose state this subtask wrote to its backend. */
    private volatile long committedEpoch = -1;

    // owned by the thread currently running this subtask
    private OutputRouter router;
    private boolean[][] barrierSeen;
    private int barriersSeen;
    private long alignedEpoch = -1;
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    private ZSet epochErrors = new ZSet();
    private boolean failed;

    Subtask(SubtaskId id, Operator operator, int[] channelsPerInput, Executor executor,
            JobManagerGateway jobManager, StateBackend state, InFlight inFlight) {
        this.id = id;
        this.operator = operator;
        this.executor = executor;
        this.jobManager = jobManager;
        this.state = state;
        this.inFlight = inFlight;
        int total = 0;
        barrierSeen = new boolean[channelsPerInput.length][];
        for (int i = 0; i < channelsPerInput.length; i++) {
            total += channelsPerInput[i];
            barrierSeen[i] = new boolean[channelsPerInput[i]];
        }
        this.totalChannels = total;
        operator.open(new Context(state));
    }

    SubtaskId id() {
        return id;
    }

    void connect(OutputRouter outputRouter) {
        this.router = outputRouter;
        outputRouter.stopWhen(() -> cancelled);
    }

    @Override
    public void enqueue(Message message) {
        if (isData(message)) {
            inFlight.increment();
        }
        queued.incrementAndGet();
        mailbox.add(message);
        schedule();
    }

    void cancel() {
        cancelled = true;
        Message message;
        while ((message = mailbox.poll()) != null) {
            // batches from another TaskManager give their credit back even unprocessed
            if (message instanceof Message.Data data && data.handled() != null) {
                data.handled().run();
            }
        }
        queued.set(0);
    }

    /**
     * After {@link #cancel}: waits until no thread runs this subtask any more (it stops after
     * the message in hand, and never touches its operator or state again), or until
     * {@code deadlineNanos} ({@link System#nanoTime}); false if it still runs then, or the
     * calling thread is interrupted (its interrupt status stays set). The state
     * of a cancelled job is dropped next, and a write of a stale epoch into it must not follow.
     */
    boolean awaitStopped(long deadlineNanos) {
        if (running.isHeldByCurrentThread()) {
            return true; // cancelled by its own thread (e.g. its failure's report): it stops on return
        }
        try {
            if (running.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                running.unlock();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The last epoch whose state this subtask wrote (-1 before the first). */
    long committedEpoch() {
        return committedEpoch;
    }

    /** What monitoring shows of this subtask now. */
    SubtaskStatus status(boolean stateSize) {
        return new SubtaskStatus(id, rowsIn, (router == null ? 0 : router.emitted()) + sinkRowsOut, busyNanos,
                Math.max(0, queued.get()), stateSize ? state.approximateBytes() : -1, lastEpoch);
    }

    private void schedule() {
        if (!cancelled && scheduled.compareAndSet(false, true)) {
            executor.execute(this);
        }
    }

    @Override
    public void run() {
        running.lock();
        try {
            runMessages();
        } finally {
            running.unlock();
        }
    }

    private void runMessages() {
        try {
            for (int i = 0; i < MAX_MESSAGES_PER_RUN && !cancelled; i++) {
                if (router != null && !mailbox.isEmpty()) {
                    waitingForCredit = true;
                    if (!router.readyOrWake(this::creditArrived)) {
                        break;
                    }
                    waitingForCredit = false;
                }
                Message message = mailbox.poll();
                if (message == null) {
                    break;
                }
                queued.decrementAndGet();
                long started = System.nanoTime();
                try {
                    if (!failed) {
                        rowsIn += rowsOf(message);
                        handle(message);
                    }
                } finally {
                    busyNanos += System.nanoTime() - started;
                    // after handling: its outputs are already counted downstream
                    if (isData(message)) {
                        inFlight.decrement();
                    }
                    if (message instanceof Message.Data data && data.handled() != null) {
                        data.handled().run();
                    }
                }
            }
        } catch (OutputRouter.Cancelled stopped) {
            // cancelled mid-batch: the job is gone, nobody waits for its answer
            failed = true;
        } catch (Throwable failure) {
            failed = true;
            if (!cancelled) {
                jobManager.subtaskFailed(id, failure);
            }
        } finally {
            scheduled.set(false);
            if (!mailbox.isEmpty() && !waitingForCredit) {
                schedule();
            }
        }
    }

    /** A channel to another TaskManager got a credit back: take input again. */
    private void creditArrived() {
        waitingForCredit = false;
        schedule();
    }

    private static long rowsOf(Message message) {
        ZSet delta = null;
        if (message instanceof Message.Data data) {
            delta = data.delta();
        } else if (message instanceof Message.InjectData inject) {
            delta = inject.delta();
        } else if (message instanceof Message.Inject inject) {
            delta = inject.delta();
        }
        return delta == null ? 0 : delta.size();
    }

    private static boolean isData(Message message) {
        return message instanceof Message.Data || message instanceof Message.InjectData;
    }

    private void handle(Message message) {
        if (message instanceof Message.InjectData inject) {
            operator.processBatch(0, inject.delta(), router);
            router.flush();
        } else if (message instanceof Message.Inject inject) {
            if (inject.delta() != null && !inject.delta().isEmpty()) {
                operator.processBatch(0, inject.delta(), router);
                router.flush();
            }
            finishEpoch(inject.epoch());
        } else if (message instanceof Message.Data data) {
            if (barrierSeen[data.input()][data.channel()]) {
                held.add(data);
                return;
            }
            operator.processBatch(data.input(), data.delta(), router);
            router.flush();
        } else if (message instanceof Message.Barrier barrier) {
            if (barrierSeen[barrier.input()][barrier.channel()]) {
                held.add(barrier);
                return;
            }
            barrierSeen[barrier.input()][barrier.channel()] = true;
            barriersSeen++;
            alignedEpoch = barrier.epoch();
            if (barriersSeen == totalChannels) {
                finishEpoch(alignedEpoch);
                for (boolean[] channels : barrierSeen) {
                    java.util.Arrays.fill(channels, false);
                }
                barriersSeen = 0;
                replayHeld();
            }
        }
    }

    private void replayHeld() {
        int count = held.size();
        for (int i = 0; i < count && !failed; i++) {
            handle(held.poll());
        }
    }

    /**
     * Finishes the operator's epoch, then writes its state back (one batch), then forwards the
     * barrier: when a sink reports epoch e, every subtask upstream has stored e's state.
     */
    private void finishEpoch(long epoch) {
        operator.finishEpoch(epoch, router);
        state.endEpoch(epoch);
        committedEpoch = epoch;
        lastEpoch = epoch;
        if (!epochErrors.isEmpty()) {
            ZSet errors = epochErrors.consolidate();
            epochErrors = new ZSet();
            if (!errors.isEmpty()) {
                jobManager.dataErrors(id, epoch, errors);
            }
        }
        router.broadcastBarrier(epoch);
    }


    private final class Context implements OperatorContext {
        private final StateBackend state;

        Context(StateBackend state) {
            this.state = state;
        }

        @Override
        public SubtaskId subtask() {
            return id;
        }

        @Override
        public StateBackend state() {
            return state;
        }

        @Override
        public void reportError(RockStreamException error, long weight) {
            epochErrors.add(ErrorRows.of(error), weight);
        }

        @Override
        public void completeSinkEpoch(long epoch, ZSet delta) {
            sinkRowsOut += delta.size();
            lastEpoch = epoch; // before the answer leaves: whoever hears of the epoch sees it finished here
            jobManager.sinkEpochCompleted(id, epoch, delta);
        }
    }
}
