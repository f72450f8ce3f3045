package io.ballast.engine.event;

import io.ballast.engine.model.Catalogue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Checks an event against the catalogue and the domain's invariants before it is journalled, so the
 * state machine never meets an event it cannot apply. Messages name the field and the reason.
 */
public final class EventValidator {

    private final Catalogue catalogue;

    public EventValidator(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public void validate(Event event) {
        if (event instanceof BlockObserved e) {
            chain(e.chain());
            nonNegative("number", e.number());
            nonNegative("timestamp", e.timestamp());
            present("hash", e.hash());
            present("parentHash", e.parentHash());
        } else if (event instanceof BalanceObserved e) {
            token(e.chain(), e.asset(), e.token());
            present("account", e.account());
            if (e.amount().signum() < 0) {
                throw new IllegalArgumentException("balance amount must not be negative, got " + e.amount() + " base units");
            }
            if (e.block() != Event.NONE) {
                nonNegative("block", e.block());
            }
        } else if (event instanceof TransferObserved e) {
            token(e.chain(), e.asset(), e.token());
            movement(e.from(), e.to(), e.amount(), e.txHash());
            nonNegative("logIndex", e.logIndex());
            nonNegative("block", e.block());
        } else if (event instanceof PendingTransferObserved e) {
            token(e.chain(), e.asset(), e.token());
            movement(e.from(), e.to(), e.amount(), e.txHash());
        } else if (event instanceof FinalityAdvanced e) {
            chain(e.chain());
            nonNegative("number", e.number());
        } else if (event instanceof ChainStalled e) {
            chain(e.chain());
            nonNegative("timestamp", e.timestamp());
        } else if (event instanceof BridgeTransferUpdated e) {
            present("id", e.id());
            if (e.status() == BridgeStatus.INITIATED) {
                asset(e.asset());
                chain(e.fromChain());
                chain(e.toChain());
                positive("amount", e.amount());
                nonNegative("expectedArrivalSeconds", e.expectedArrivalSeconds());
            }
        } else if (event instanceof PriceObserved e) {
            asset(e.asset());
            if (e.usd().signum() <= 0) {
                throw new IllegalArgumentException("usd price must be positive, got " + e.usd().toPlainString());
            }
            nonNegative("timestamp", e.timestamp());
        } else if (event instanceof PositionObserved e) {
            present("id", e.id());
            present("venue", e.venue());
            amounts("collateral", e.collateral());
            amounts("debt", e.debt());
            BigDecimal threshold = e.liquidationThreshold();
            if (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("liquidationThreshold must be in (0, 1], got " + threshold.toPlainString());
            }
        } else if (event instanceof ObligationObserved e) {
            present("id", e.id());
            asset(e.asset());
            if (!e.chain().isEmpty()) {
                chain(e.chain());
            }
            if (e.amount().signum() < 0) {
                throw new IllegalArgumentException("obligation amount must not be negative");
            }
        } else if (event instanceof RulesVersionMarked e) {
            present("version", e.version());
        }
    }

    private void chain(String name) {
        if (catalogue.chain(name).isEmpty()) {
            throw new IllegalArgumentException("unknown chain '" + name + "'");
        }
    }

    private void asset(String symbol) {
        if (catalogue.asset(symbol).isEmpty()) {
            throw new IllegalArgumentException("unknown asset '" + symbol + "'");
        }
    }

    private void token(String chain, String asset, String token) {
        if (token != null && asset != null && catalogue.isTokenOf(chain, token, asset)) {
            return; // a known token of this asset on a known chain: the common case, one lookup
        }
        chain(chain);
        asset(asset);
        catalogue.resolveToken(chain, asset, token);
    }

    private void amounts(String field, Map<String, BigInteger> amounts) {
        amounts.forEach((asset, amount) -> {
            asset(asset);
            if (amount.signum() < 0) {
                throw new IllegalArgumentException(field + " of " + asset + " must not be negative");
            }
        });
    }

    private static void movement(String from, String to, BigInteger amount, String txHash) {
        present("from", from);
        present("to", to);
        present("txHash", txHash);
        positive("amount", amount);
    }

    private static void present(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
    }

    private static void positive(String field, BigInteger value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value + " base units");
        }
    }

    private static void nonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, got " + value);
        }
    }
}
