package io.ballast.actors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.ballast.engine.codec.EventBinary;
import io.ballast.engine.codec.RecordWriter;
import io.ballast.engine.event.Event;
import java.io.IOException;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Lets Jackson carry engine {@link Event}s inside actor messages: an event is written as the bytes of
 * its journal record ({@link EventBinary}), which is versioned, exact and independent of the
 * catalogue. Registered for Pekko's Jackson serializers in {@code reference.conf}.
 */
public final class EventJacksonModule extends SimpleModule {

    public EventJacksonModule() {
        super("ballast-events");
        addSerializer(Event.class, new JsonSerializer<>() {
            @Override
            public void serialize(Event event, JsonGenerator out, SerializerProvider provider) throws IOException {
                RecordWriter bytes = new RecordWriter(128);
                EventBinary.write(bytes, event);
                out.writeBinary(bytes.array(), 0, bytes.length());
            }
        });
        addDeserializer(Event.class, new JsonDeserializer<>() {
            @Override
            public Event deserialize(JsonParser in, DeserializationContext context) throws IOException {
                Bytes<byte[]> bytes = Bytes.wrapForRead(in.getBinaryValue());
                try {
                    return EventBinary.read(bytes);
                } finally {
                    bytes.releaseLast();
                }
            }
        });
    }
}
