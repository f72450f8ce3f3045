/**
 * Kafka in and out. {@link io.ballast.connectors.kafka.DecisionOutbox} publishes journalled decisions (an
 * outbox: the journal is the source, a cursor persisted only after Kafka acknowledges says how far) to the
 * alerts, actions and proposals topics, keyed by subject; {@link io.ballast.connectors.kafka.KafkaInputs}
 * journals the event lines of an inputs topic exactly once, committing offsets only after the engine has
 * journalled them and sending what it cannot read to a dead-letter topic with the reason and its origin.
 * Neither ever blocks the risk pipeline: both run on threads of their own.
 */
package io.ballast.connectors.kafka;
