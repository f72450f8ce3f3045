package io.ballast.engine.decision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic decision ids: 16 hex digits of SHA-256 over the cause, the ordinal and the subject.
 * The ordinal counts decisions about the same subject caused by the same input, so an id stays the
 * same however the decisions of one input are split among deciders.
 */
public final class DecisionIds {

    /** One digest per thread: looking SHA-256 up among the security providers costs more than hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private DecisionIds() {
    }

    /**
     * @param causeSeq journal sequence of the input that caused the decision
     * @param ordinal  the decision's place among that input's decisions about {@code subject}, from 0
     * @param subject  what the decision is about
     */
    public static String of(long causeSeq, int ordinal, String subject) {
        byte[] digest = SHA_256.get().digest((causeSeq + "/" + ordinal + "/" + subject).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }
}
