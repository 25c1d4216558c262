package io.rockstream.jobmanager.epoch;

import io.rockstream.jobgraph.row.ZSet;
import java.util.Map;

/** What the coordinator tells durable storage about epochs; both run on the coordinator's thread. */
public interface EpochLog {
    /** Makes the epoch's table changes durable before any view sees them; throws when it cannot. */
    void epochStarting(long epoch, Map<String, ZSet> deltas);

    /** The epoch is complete and no other is in flight: a consistent moment to checkpoint. */
    void epochCompleted(long epoch);
}
