package io.rockstream.taskmanager.runtime;

import io.rockstream.jobgraph.graph.SubtaskId;

/** A subtask on another TaskManager: what is enqueued for it goes over the exchange. */
final class RemoteTarget implements Target {
    private final ExchangeLink link;
    private final SubtaskId target;
    private final long attempt;

    RemoteTarget(ExchangeLink link, SubtaskId target, long attempt) {
        this.link = link;
        this.target = target;
        this.attempt = attempt;
    }

    long attempt() {
        return attempt;
    }

    ExchangeLink link() {
        return link;
    }

    SubtaskId target() {
        return target;
    }

    @Override
    public void enqueue(Message message) {
        if (message instanceof Message.Data data) {
            link.sendData(new ExchangeLink.Channel(target, attempt, data.input(), data.channel()), data.delta());
        } else if (message instanceof Message.Barrier barrier) {
            link.sendBarrier(new ExchangeLink.Channel(target, attempt, barrier.input(), barrier.channel()),
                    barrier.epoch());
        } else {
            throw new IllegalArgumentException("only data and barriers cross TaskManagers: " + message);
        }
    }
}
