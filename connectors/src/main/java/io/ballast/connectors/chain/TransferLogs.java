package io.ballast.connectors.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.web3j.protocol.core.methods.response.Log;

/** ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)} logs. */
final class TransferLogs {

    /** keccak256("Transfer(address,address,uint256)"). */
    static final String TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    /** A decoded transfer log. */
    record Decoded(String token, String from, String to, BigInteger value, String txHash, long logIndex) {
    }

    private TransferLogs() {
    }

    /**
     * Decodes a log, or says why it cannot: an answer that does not have the shape of a Transfer log
     * is the node's fault, and is refused rather than guessed at.
     */
    static Decoded decode(Log log) {
        List<String> topics = log.getTopics();
        if (topics == null || topics.size() != 3 || !TOPIC.equalsIgnoreCase(topics.get(0))) {
            throw new MalformedAnswerException("log " + log.getLogIndexRaw() + " of tx " + log.getTransactionHash()
                    + " is not an ERC-20 Transfer (topics " + topics + ")");
        }
        String data = log.getData();
        if (data == null || !data.startsWith("0x") || data.length() != 66) {
            throw new MalformedAnswerException("Transfer log " + log.getLogIndexRaw() + " of tx " + log.getTransactionHash()
                    + " has data '" + data + "', not one uint256");
        }
        return new Decoded(lower(log.getAddress()), address(topics.get(1)), address(topics.get(2)),
                new BigInteger(data.substring(2), 16), log.getTransactionHash(), log.getLogIndex().longValueExact());
    }

    /** The address in the low 20 bytes of a 32-byte topic. */
    private static String address(String topic) {
        if (topic == null || topic.length() != 66) {
            throw new MalformedAnswerException("topic '" + topic + "' is not a 32-byte word");
        }
        return "0x" + topic.substring(26).toLowerCase(Locale.ROOT);
    }

    static String lower(String address) {
        return address == null ? null : address.toLowerCase(Locale.ROOT);
    }
}
