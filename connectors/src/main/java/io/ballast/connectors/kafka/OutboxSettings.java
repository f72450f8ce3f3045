package io.ballast.connectors.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and how the outbox publishes.
 *
 * @param bootstrapServers  the Kafka cluster
 * @param alertsTopic       alerts (firing and resolved)
 * @param actionsTopic      orders in {@link ActionMode#PUBLISH}
 * @param proposalsTopic    orders in {@link ActionMode#MONITOR_ONLY}
 * @param actionMode        what orders are
 * @param cursorFile        where the last acknowledged decision is kept
 * @param maxUnacknowledged decisions sent and not yet acknowledged before the outbox waits
 * @param deliveryTimeout   how long Kafka may take to acknowledge one before the outbox starts over from its cursor
 * @param retryBackoff      the pause before starting over
 * @param producerProperties further producer settings (security and the like); they cannot weaken acks or idempotence
 */
public record OutboxSettings(String bootstrapServers, String alertsTopic, String actionsTopic, String proposalsTopic,
                             ActionMode actionMode, Path cursorFile, int maxUnacknowledged, Duration deliveryTimeout,
                             Duration retryBackoff, Map<String, Object> producerProperties) {

    public OutboxSettings {
        producerProperties = Map.copyOf(producerProperties);
        if (maxUnacknowledged < 1) {
            throw new IllegalArgumentException("maxUnacknowledged must be at least 1, was " + maxUnacknowledged);
        }
    }

    /** Topics {@code ballast.alerts}, {@code ballast.actions}, {@code ballast.proposals}; monitor-only. */
    public static OutboxSettings of(String bootstrapServers, Path cursorFile) {
        return new OutboxSettings(bootstrapServers, "ballast.alerts", "ballast.actions", "ballast.proposals",
                ActionMode.MONITOR_ONLY, cursorFile, 10_000, Duration.ofSeconds(30), Duration.ofSeconds(1), Map.of());
    }

    public OutboxSettings withActionMode(ActionMode mode) {
        return new OutboxSettings(bootstrapServers, alertsTopic, actionsTopic, proposalsTopic, mode, cursorFile,
                maxUnacknowledged, deliveryTimeout, retryBackoff, producerProperties);
    }

    public OutboxSettings withDeliveryTimeout(Duration timeout) {
        return new OutboxSettings(bootstrapServers, alertsTopic, actionsTopic, proposalsTopic, actionMode, cursorFile,
                maxUnacknowledged, timeout, retryBackoff, producerProperties);
    }
}
