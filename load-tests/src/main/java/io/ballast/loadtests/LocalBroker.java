package io.ballast.loadtests;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** The benchmarks' Kafka: one in-process KRaft broker on loopback, as the tests run it. */
final class LocalBroker {

    private LocalBroker() {
    }

    /** A started broker, ready for clients; closing it stops it. */
    static KafkaClusterTestKit start() throws Exception {
        KafkaClusterTestKit broker = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1") // the cluster's ingest is transactional
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0").build();
        broker.format();
        broker.startup();
        broker.waitForReadyBrokers();
        return broker;
    }
}
