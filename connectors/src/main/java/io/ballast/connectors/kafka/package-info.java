/**
 * Kafka in and out. {@link io.ballast.connectors.kafka.DecisionOutbox} publishes journalled decisions (an
 * outbox: the journal is the source, a cursor persisted only after Kafka acknowledges says how far) to the
 * alerts, actions and proposals topics, keyed by subject; {@link io.ballast.connectors.kafka.KafkaInputs}
 * journals the event lines of an inputs topic exactly once, committing offsets only after the engine has
 * journalled them and sending what it cannot read to a dead-letter topic with the reason and its origin.
 * Neither ever blocks the risk pipeline: both run on threads of their own.
 *
 * <p>A cluster's log: {@link io.ballast.connectors.kafka.EventsTopic} publishes the ingest's inputs,
 * numbered, to the events topic by asset partition and to the portfolio topic whole, in transactions that
 * also record where the ingest stands ({@link io.ballast.connectors.kafka.IngestMarks}, the compacted
 * ingest topic); {@link io.ballast.connectors.kafka.InputsTopicReader} brings the inputs topic into it;
 * {@link io.ballast.connectors.kafka.SnapshotTopic} and {@link io.ballast.connectors.kafka.KafkaPartitionStore}
 * keep what a partition's next owner needs.
 */
package io.ballast.connectors.kafka;
