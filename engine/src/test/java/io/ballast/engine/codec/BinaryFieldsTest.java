package io.ballast.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

class BinaryFieldsTest {

    /** The layout: a stop-bit byte count, then the UTF-8 bytes, whichever path wrote them. */
    private static byte[] expectedLayout(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long length = utf8.length;
        while (length >= 0x80) { // stop-bit: seven bits a byte, high bit set on all but the last
            out.write((int) (length & 0x7f) | 0x80);
            length >>>= 7;
        }
        out.write((int) length);
        out.writeBytes(utf8);
        return out.toByteArray();
    }

    @Test
    void stringsAreLengthPrefixedUtf8AndReadBackEqual() {
        List<String> values = List.of("", "arbitrum", "0x" + "ab".repeat(20), "desk-é", "0x" + "ab".repeat(10) + "é" + "cd".repeat(5), "caf\u00ff", "stablecoin \u20ac", "\uD83D\uDE80 launch",
                "x".repeat(300));
        RecordWriter out = new RecordWriter(64);
        for (String value : values) {
            out.clear();
            BinaryFields.writeString(out, value);
            assertArrayEquals(expectedLayout(value), out.toByteArray(), value);
            Bytes<byte[]> in = Bytes.wrapForRead(out.toByteArray());
            assertEquals(value, BinaryFields.readString(in), value);
            in.readPosition(0);
            assertEquals(value, BinaryFields.readSymbol(in), value);
            in.releaseLast();
        }
    }

    @Test
    void bigIntegersRoundTripOnBothSidesOfTheLongRange() {
        RecordWriter out = new RecordWriter(64);
        for (BigInteger value : List.of(BigInteger.ZERO, BigInteger.valueOf(-1), BigInteger.valueOf(Long.MAX_VALUE),
                BigInteger.valueOf(Long.MIN_VALUE), BigInteger.TWO.pow(255).subtract(BigInteger.ONE), BigInteger.TWO.pow(200).negate())) {
            out.clear();
            BinaryFields.writeBigInteger(out, value);
            Bytes<byte[]> in = Bytes.wrapForRead(out.toByteArray());
            assertEquals(value, BinaryFields.readBigInteger(in));
            in.releaseLast();
        }
    }
}
