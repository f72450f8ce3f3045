package io.ballast.ops.cluster;

import io.ballast.engine.decision.Decision;
import io.ballast.engine.route.AssetPartitions;
import io.ballast.engine.route.PartitionStore;
import io.ballast.ops.live.DecisionLog;
import java.io.PrintStream;
import java.util.Optional;

/**
 * A node's partitions' decisions on its console as they are published, one line each with the
 * partition that made it (a partition that moved here says again what it decided since its snapshot).
 * Orders are proposals: a cluster runs monitor-only.
 */
final class ConsoleDecisions implements PartitionStore {

    private final PartitionStore store;
    private final AssetPartitions partitions;
    private final DecisionLog log;
    private final PrintStream console;

    ConsoleDecisions(PartitionStore store, AssetPartitions partitions, DecisionLog log, PrintStream console) {
        this.store = store;
        this.partitions = partitions;
        this.log = log;
        this.console = console;
    }

    @Override
    public void publishDecision(int partition, long streamSeq, Decision decision) {
        store.publishDecision(partition, streamSeq, decision);
        console.println("[partition " + partitions.name(partition) + "] " + log.describe(decision, "proposal"));
    }

    @Override
    public Optional<byte[]> latestSnapshot(int partition) {
        return store.latestSnapshot(partition);
    }

    @Override
    public void publishSnapshot(int partition, byte[] snapshot) {
        store.publishSnapshot(partition, snapshot);
    }
}
