package io.ballast.connectors.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * Where inputs come from.
 *
 * @param bootstrapServers   the Kafka cluster
 * @param inputsTopic        event lines of DESIGN §5, one a message
 * @param deadLetterTopic    where messages that are not valid events go, with the reason and their origin
 * @param groupId            the consumer group, whose committed offsets say where to resume
 * @param pollTimeout        the longest one poll waits for messages
 * @param retryBackoff       the pause before reconnecting after a failure
 * @param consumerProperties further consumer settings (security and the like); they cannot turn on auto-commit
 */
public record InputSettings(String bootstrapServers, String inputsTopic, String deadLetterTopic, String groupId,
                            Duration pollTimeout, Duration retryBackoff, Map<String, Object> consumerProperties) {

    public InputSettings {
        consumerProperties = Map.copyOf(consumerProperties);
    }

    /** Topics {@code ballast.inputs} and {@code ballast.inputs.dead-letter}. */
    public static InputSettings of(String bootstrapServers, String groupId) {
        return new InputSettings(bootstrapServers, "ballast.inputs", "ballast.inputs.dead-letter", groupId,
                Duration.ofMillis(200), Duration.ofSeconds(1), Map.of());
    }
}
