package io.ballast.engine.event;

import java.math.BigDecimal;

/** USD price of one whole token of {@code asset}, as of {@code timestamp}. */
public record PriceObserved(String asset, BigDecimal usd, long timestamp, String source) implements Event {

    @Override
    public long eventTime() {
        return timestamp;
    }
}
