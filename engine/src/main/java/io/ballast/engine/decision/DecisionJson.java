package io.ballast.engine.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import java.math.BigInteger;

/** The JSON message form of decisions (DESIGN §6), one object per line. */
public final class DecisionJson {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Catalogue catalogue;

    public DecisionJson(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public String write(Decision decision) {
        ObjectNode o = mapper.createObjectNode();
        if (decision instanceof Alert a) {
            o.put("type", typeOf(a)).put("id", a.id()).put("rule", a.rule()).put("severity", a.severity().label())
                    .put("state", a.state().label());
            ObjectNode scope = o.putObject("scope").put("kind", a.scope().kind());
            a.scope().fields().forEach(scope::put);
            putNumber(o, "value", a.value());
            putNumber(o, "threshold", a.threshold());
            o.put("journalSeq", a.journalSeq()).put("eventTime", a.eventTime()).put("message", a.message());
        } else if (decision instanceof RebalanceOrder r) {
            o.put("type", typeOf(r)).put("id", r.id()).put("asset", r.asset()).put("from", r.fromChain())
                    .put("to", r.toChain()).put("amount", tokens(r.asset(), r.amount())).put("reason", r.reason())
                    .put("journalSeq", r.journalSeq());
        } else if (decision instanceof LiquidationOrder l) {
            o.put("type", typeOf(l)).put("id", l.id()).put("position", l.position()).put("asset", l.asset())
                    .put("amount", tokens(l.asset(), l.amount())).put("reason", l.reason()).put("journalSeq", l.journalSeq());
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message type: {@code alert}, {@code rebalance} or {@code liquidation} (its JSON Schema's name). */
    public static String typeOf(Decision decision) {
        if (decision instanceof Alert) {
            return "alert";
        }
        return decision instanceof RebalanceOrder ? "rebalance" : "liquidation";
    }

    /** JSON has no NaN or infinity: a value that is not a finite number is null. */
    private static void putNumber(ObjectNode o, String field, double value) {
        if (Double.isFinite(value)) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    private String tokens(String asset, BigInteger amount) {
        return Amounts.toDecimalString(amount, catalogue.asset(asset).orElseThrow().decimals());
    }
}
