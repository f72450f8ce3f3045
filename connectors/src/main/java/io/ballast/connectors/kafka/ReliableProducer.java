package io.ballast.connectors.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Settings every producer of Ballast's uses: idempotent, {@code acks=all}; whatever else was given cannot weaken that. */
final class ReliableProducer {

    private ReliableProducer() {
    }

    static Map<String, Object> config(Map<String, Object> given, String bootstrapServers, String clientId, Class<?> serializer) {
        Map<String, Object> config = new HashMap<>(given);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, serializer);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, serializer);
        return config;
    }
}
