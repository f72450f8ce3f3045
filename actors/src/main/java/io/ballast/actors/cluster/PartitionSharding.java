package io.ballast.actors.cluster;

import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocation;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocationStrategy;
import org.apache.pekko.cluster.sharding.external.javadsl.ExternalShardAllocationClient;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The asset partitions and the portfolio sharded over the cluster, one entity a shard, each shard placed by whoever
 * reads its partition of the log: a node that is given a partition calls {@link #placeHere}, and
 * Cluster Sharding's external allocation moves the entity there (handing it over from where it was).
 * So placement follows the log consumers' assignment and records are taken where they are read.
 */
public final class PartitionSharding {

    public static final EntityTypeKey<PartitionEntity.Command> TYPE = EntityTypeKey.create(PartitionEntity.Command.class, "asset-partition");

    private final ClusterSharding sharding;
    private final ExternalShardAllocationClient placement;
    private final Address self;

    /** @param role the members that hold partitions; on others sharding only routes to them */
    public PartitionSharding(ActorSystem<?> system, String role, PartitionEntity.Setup setup) {
        this.sharding = ClusterSharding.get(system);
        this.placement = ExternalShardAllocation.get(system).getClient(TYPE.name());
        this.self = Cluster.get(system).selfMember().address();
        sharding.init(Entity.of(TYPE, context -> PartitionEntity.create(Integer.parseInt(context.getEntityId()), setup))
                .withAllocationStrategy(ExternalShardAllocationStrategy.create(system, TYPE.name(), Duration.ofSeconds(5)))
                .withMessageExtractor(new ShardPerPartition())
                .withStopMessage(new PartitionEntity.Stop())
                .withRole(role));
    }

    /** Asks for the partition's shard on this node. */
    public CompletionStage<Done> placeHere(int partition) {
        return placement.setShardLocation(Integer.toString(partition), self);
    }

    /** Where each placed partition is to be, as the cluster's replicated placement says (read from a majority). */
    public CompletionStage<SortedMap<Integer, String>> placement() {
        return placement.getShardLocations().thenApply(locations -> {
            SortedMap<Integer, String> byPartition = new TreeMap<>();
            locations.getShardLocations().forEach((shard, location) -> byPartition.put(Integer.parseInt(shard), location.address().hostPort()));
            return byPartition;
        });
    }

    public EntityRef<PartitionEntity.Command> partition(int partition) {
        return sharding.entityRefFor(TYPE, Integer.toString(partition));
    }

    /** Shard n holds partition n alone, so a partition moves by itself. */
    private static final class ShardPerPartition extends ShardingMessageExtractor<ShardingEnvelope<PartitionEntity.Command>,
            PartitionEntity.Command> {

        @Override
        public String entityId(ShardingEnvelope<PartitionEntity.Command> envelope) {
            return envelope.entityId();
        }

        @Override
        public String shardId(String entityId) {
            return entityId;
        }

        @Override
        public PartitionEntity.Command unwrapMessage(ShardingEnvelope<PartitionEntity.Command> envelope) {
            return envelope.message();
        }
    }
}
