package io.ballast.connectors.chain;

import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web3j.protocol.core.methods.response.Transaction;

/**
 * Reads a mempool transaction as the pending transfer it would make: native value, or an ERC-20
 * {@code transfer(to, amount)} / {@code transferFrom(from, to, amount)} call to a known token — only
 * when a tracked account is on one side. A transaction already in a block when it is looked up is not
 * pending: its block brings it, and a pending sighting of it would outlive a reorg that drops it (the
 * engine puts a retracted transaction's pending sighting back in the mempool).
 */
final class PendingTransactions {

    private static final String TRANSFER = "0xa9059cbb";
    private static final String TRANSFER_FROM = "0x23b872dd";
    private static final int WORD = 64;

    private PendingTransactions() {
    }

    static Optional<PendingTransferObserved> decode(String chain, Transaction tx, Map<String, String> tokens, String nativeAsset,
                                                    Set<String> tracked) {
        if (tx.getBlockHash() != null) {
            return Optional.empty();
        }
        String from = TransferLogs.lower(tx.getFrom());
        String to = TransferLogs.lower(tx.getTo());
        long nonce = tx.getNonce() == null ? -1 : tx.getNonce().longValueExact();
        String input = tx.getInput() == null ? "0x" : tx.getInput().toLowerCase(Locale.ROOT);
        if (to != null && tokens.containsKey(to)) {
            String asset = tokens.get(to);
            if (input.startsWith(TRANSFER) && input.length() == 10 + 2 * WORD) {
                return relevant(new PendingTransferObserved(chain, asset, to, from, address(input, 0), word(input, 1), tx.getHash(), nonce), tracked);
            }
            if (input.startsWith(TRANSFER_FROM) && input.length() == 10 + 3 * WORD) {
                return relevant(new PendingTransferObserved(chain, asset, to, address(input, 0), address(input, 1), word(input, 2), tx.getHash(),
                        nonce), tracked);
            }
            return Optional.empty();
        }
        if (nativeAsset != null && to != null && tx.getValue() != null && tx.getValue().signum() > 0) {
            return relevant(new PendingTransferObserved(chain, nativeAsset, Catalogue.NATIVE, from, to, tx.getValue(), tx.getHash(), nonce),
                    tracked);
        }
        return Optional.empty();
    }

    private static Optional<PendingTransferObserved> relevant(PendingTransferObserved transfer, Set<String> tracked) {
        boolean touches = tracked.contains(transfer.from()) || tracked.contains(transfer.to());
        return touches && transfer.amount().signum() > 0 ? Optional.of(transfer) : Optional.empty();
    }

    private static BigInteger word(String input, int index) {
        int start = 10 + index * WORD;
        return new BigInteger(input.substring(start, start + WORD), 16);
    }

    private static String address(String input, int index) {
        int start = 10 + index * WORD;
        return "0x" + input.substring(start + 24, start + WORD);
    }
}
