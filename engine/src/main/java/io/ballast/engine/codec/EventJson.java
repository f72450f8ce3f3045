package io.ballast.engine.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.BlockObserved;
import io.ballast.engine.event.BridgeStatus;
import io.ballast.engine.event.BridgeTransferUpdated;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.EventValidator;
import io.ballast.engine.event.ChainStalled;
import io.ballast.engine.event.FinalityAdvanced;
import io.ballast.engine.event.ObligationObserved;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.PriceObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Asset;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.model.Tier;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The event-file format (one JSON object per line, DESIGN §5). Reading resolves names against the
 * catalogue, converts decimal token amounts to base units exactly and validates the result; any
 * failure is an {@link IllegalArgumentException} whose message names the field and the reason.
 * Writing produces the canonical line for an event.
 */
public final class EventJson {

    private static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("block", List.of("type", "chain", "number", "hash", "parentHash", "timestamp")),
            Map.entry("balance", List.of("type", "chain", "asset", "token", "account", "amount", "block")),
            Map.entry("transfer", List.of("type", "chain", "asset", "token", "from", "to", "amount", "txHash", "logIndex", "block")),
            Map.entry("pending", List.of("type", "chain", "asset", "token", "from", "to", "amount", "txHash", "nonce")),
            Map.entry("finality", List.of("type", "chain", "tier", "number")),
            Map.entry("bridge", List.of("type", "id", "asset", "from", "to", "amount", "status", "expectedArrivalSeconds", "timestamp")),
            Map.entry("price", List.of("type", "asset", "usd", "timestamp", "source")),
            Map.entry("position", List.of("type", "id", "venue", "collateral", "debt", "liquidationThreshold")),
            Map.entry("obligation", List.of("type", "id", "asset", "chain", "amount", "status")),
            Map.entry("rules", List.of("type", "version", "files")),
            Map.entry("stall", List.of("type", "chain", "timestamp")));

    private final ObjectMapper mapper = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final Catalogue catalogue;
    private final EventValidator validator;

    public EventJson(Catalogue catalogue) {
        this.catalogue = catalogue;
        this.validator = new EventValidator(catalogue);
    }

    /** The event types a file may hold, in name order. */
    public static List<String> types() {
        return FIELDS.keySet().stream().sorted().toList();
    }

    /** The fields of an event type, {@code type} first, in their canonical order. */
    public static List<String> fieldsOf(String type) {
        return FIELDS.get(type);
    }

    /** Parses and validates one line. */
    public Event read(String line) {
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonFields f = new JsonFields(node);
        String type = f.text("type");
        List<String> known = FIELDS.get(type);
        if (known == null) {
            throw new IllegalArgumentException("unknown event type '" + type + "'" + Suggestions.nearest(type, FIELDS.keySet())
                    .map(s -> " (did you mean '" + s + "'?)").orElse(""));
        }
        f.rejectUnknown(known);
        Event event = decode(type, f);
        validator.validate(event);
        return event;
    }

    private Event decode(String type, JsonFields f) {
        switch (type) {
            case "block":
                return new BlockObserved(chain(f), f.integer("number"), hash(f.text("hash")), hash(f.text("parentHash")),
                        f.integer("timestamp"));
            case "balance": {
                String chain = chain(f);
                String asset = asset(f);
                return new BalanceObserved(chain, asset, token(f, chain, asset), account(f.text("account")),
                        amount(f, "amount", asset, false), f.optionalInteger("block", Event.NONE));
            }
            case "transfer": {
                String chain = chain(f);
                String asset = asset(f);
                return new TransferObserved(chain, asset, token(f, chain, asset), account(f.text("from")), account(f.text("to")),
                        amount(f, "amount", asset, true), hash(f.text("txHash")), f.integer("logIndex"), f.integer("block"));
            }
            case "pending": {
                String chain = chain(f);
                String asset = asset(f);
                return new PendingTransferObserved(chain, asset, token(f, chain, asset), account(f.text("from")),
                        account(f.text("to")), amount(f, "amount", asset, true), hash(f.text("txHash")),
                        f.optionalInteger("nonce", Event.NONE));
            }
            case "finality":
                return new FinalityAdvanced(chain(f), tier(f.text("tier")), f.integer("number"));
            case "stall":
                return new ChainStalled(chain(f), f.integer("timestamp"));
            case "bridge":
                return bridge(f);
            case "price":
                return new PriceObserved(asset(f), f.decimal("usd"), f.integer("timestamp"), f.optionalText("source").orElse(""));
            case "position":
                return new PositionObserved(f.text("id"), f.text("venue"), amountMap(f, "collateral"), amountMap(f, "debt"),
                        f.decimal("liquidationThreshold"));
            case "obligation": {
                String asset = asset(f);
                String status = f.optionalText("status").orElse("open");
                if (!status.equals("open") && !status.equals("settled")) {
                    throw new IllegalArgumentException("field 'status' must be open or settled, got '" + status + "'");
                }
                return new ObligationObserved(f.text("id"), asset, f.optionalText("chain").orElse(""),
                        amount(f, "amount", asset, false), status.equals("open"));
            }
            case "rules": {
                SortedMap<String, String> files = new TreeMap<>();
                f.object("files").properties().forEach(entry -> {
                    if (!entry.getValue().isTextual()) {
                        throw new IllegalArgumentException("files." + entry.getKey() + " must be the file's text");
                    }
                    files.put(entry.getKey(), entry.getValue().asText());
                });
                return new RulesVersionMarked(f.text("version"), files);
            }
            default:
                throw new IllegalStateException(type);
        }
    }

    private BridgeTransferUpdated bridge(JsonFields f) {
        BridgeStatus status;
        try {
            status = BridgeStatus.fromLabel(f.text("status"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'status': " + e.getMessage());
        }
        long timestamp = f.optionalInteger("timestamp", Event.NONE);
        if (status != BridgeStatus.INITIATED) {
            return new BridgeTransferUpdated(f.text("id"), f.optionalText("asset").orElse(""), f.optionalText("from").orElse(""),
                    f.optionalText("to").orElse(""), BigInteger.ZERO, status, 0, timestamp);
        }
        String asset = asset(f);
        return new BridgeTransferUpdated(f.text("id"), asset, knownChain(f.text("from")), knownChain(f.text("to")),
                amount(f, "amount", asset, true), status, f.integer("expectedArrivalSeconds"), timestamp);
    }

    private String chain(JsonFields f) {
        return knownChain(f.text("chain"));
    }

    private String knownChain(String name) {
        if (catalogue.chain(name).isEmpty()) {
            throw new IllegalArgumentException("unknown chain '" + name + "'" + Suggestions.nearest(name,
                    catalogue.chains().stream().map(c -> c.name()).toList()).map(s -> " (did you mean '" + s + "'?)").orElse(""));
        }
        return name;
    }

    private String asset(JsonFields f) {
        return knownAsset(f.text("asset"));
    }

    private String knownAsset(String symbol) {
        if (catalogue.asset(symbol).isEmpty()) {
            throw new IllegalArgumentException("unknown asset '" + symbol + "'" + Suggestions.nearest(symbol,
                    catalogue.assets().stream().map(Asset::symbol).toList()).map(s -> " (did you mean '" + s + "'?)").orElse(""));
        }
        return symbol;
    }

    private String token(JsonFields f, String chain, String asset) {
        return catalogue.resolveToken(chain, asset, f.optionalText("token").orElse(null));
    }

    private BigInteger amount(JsonFields f, String field, String asset, boolean strictlyPositive) {
        return toBaseUnits(field, f.decimalText(field), asset, strictlyPositive);
    }

    private BigInteger toBaseUnits(String field, String text, String asset, boolean strictlyPositive) {
        BigInteger amount;
        try {
            amount = Amounts.toBaseUnits(text, catalogue.asset(asset).orElseThrow().decimals());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + field + "': " + e.getMessage() + " for " + asset);
        }
        if (amount.signum() < 0 || (strictlyPositive && amount.signum() == 0)) {
            throw new IllegalArgumentException("field '" + field + "' must be " + (strictlyPositive ? "positive" : "zero or more")
                    + ", got " + text);
        }
        return amount;
    }

    private SortedMap<String, BigInteger> amountMap(JsonFields f, String field) {
        SortedMap<String, BigInteger> amounts = new TreeMap<>();
        for (Map.Entry<String, JsonNode> entry : f.object(field).properties()) {
            String asset = knownAsset(entry.getKey());
            String name = field + "." + asset;
            amounts.put(asset, toBaseUnits(name, JsonFields.decimalText(name, entry.getValue()), asset, false));
        }
        return amounts;
    }

    private static Tier tier(String label) {
        try {
            return Tier.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'tier': " + e.getMessage());
        }
    }

    private static String account(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static String hash(String hash) {
        return hash.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- writing

    /** The {@code type} of an event's line: block, balance, transfer, ... */
    public static String typeOf(Event event) {
        if (event instanceof BlockObserved) {
            return "block";
        } else if (event instanceof BalanceObserved) {
            return "balance";
        } else if (event instanceof TransferObserved) {
            return "transfer";
        } else if (event instanceof PendingTransferObserved) {
            return "pending";
        } else if (event instanceof FinalityAdvanced) {
            return "finality";
        } else if (event instanceof ChainStalled) {
            return "stall";
        } else if (event instanceof BridgeTransferUpdated) {
            return "bridge";
        } else if (event instanceof PriceObserved) {
            return "price";
        } else if (event instanceof PositionObserved) {
            return "position";
        } else if (event instanceof ObligationObserved) {
            return "obligation";
        }
        return "rules";
    }

    /** The canonical line for an event (no trailing newline). */
    public String write(Event event) {
        ObjectNode o = mapper.createObjectNode();
        o.put("type", typeOf(event));
        if (event instanceof BlockObserved e) {
            o.put("chain", e.chain()).put("number", e.number()).put("hash", e.hash())
                    .put("parentHash", e.parentHash()).put("timestamp", e.timestamp());
        } else if (event instanceof BalanceObserved e) {
            o.put("chain", e.chain()).put("asset", e.asset());
            putToken(o, e.chain(), e.asset(), e.token());
            o.put("account", e.account()).put("amount", format(e.asset(), e.amount()));
            if (e.block() != Event.NONE) {
                o.put("block", e.block());
            }
        } else if (event instanceof TransferObserved e) {
            o.put("chain", e.chain()).put("asset", e.asset());
            putToken(o, e.chain(), e.asset(), e.token());
            o.put("from", e.from()).put("to", e.to()).put("amount", format(e.asset(), e.amount())).put("txHash", e.txHash())
                    .put("logIndex", e.logIndex()).put("block", e.block());
        } else if (event instanceof PendingTransferObserved e) {
            o.put("chain", e.chain()).put("asset", e.asset());
            putToken(o, e.chain(), e.asset(), e.token());
            o.put("from", e.from()).put("to", e.to()).put("amount", format(e.asset(), e.amount())).put("txHash", e.txHash());
            if (e.nonce() != Event.NONE) {
                o.put("nonce", e.nonce());
            }
        } else if (event instanceof FinalityAdvanced e) {
            o.put("chain", e.chain()).put("tier", e.tier().label()).put("number", e.number());
        } else if (event instanceof ChainStalled e) {
            o.put("chain", e.chain()).put("timestamp", e.timestamp());
        } else if (event instanceof BridgeTransferUpdated e) {
            o.put("id", e.id());
            if (e.status() == BridgeStatus.INITIATED) {
                o.put("asset", e.asset()).put("from", e.fromChain()).put("to", e.toChain())
                        .put("amount", format(e.asset(), e.amount()));
            }
            o.put("status", e.status().label());
            if (e.status() == BridgeStatus.INITIATED) {
                o.put("expectedArrivalSeconds", e.expectedArrivalSeconds());
            }
            if (e.timestamp() != Event.NONE) {
                o.put("timestamp", e.timestamp());
            }
        } else if (event instanceof PriceObserved e) {
            o.put("asset", e.asset()).put("usd", e.usd().toPlainString()).put("timestamp", e.timestamp());
            if (!e.source().isEmpty()) {
                o.put("source", e.source());
            }
        } else if (event instanceof PositionObserved e) {
            o.put("id", e.id()).put("venue", e.venue());
            ObjectNode collateral = o.putObject("collateral");
            e.collateral().forEach((asset, amount) -> collateral.put(asset, format(asset, amount)));
            ObjectNode debt = o.putObject("debt");
            e.debt().forEach((asset, amount) -> debt.put(asset, format(asset, amount)));
            o.put("liquidationThreshold", e.liquidationThreshold());
        } else if (event instanceof ObligationObserved e) {
            o.put("id", e.id()).put("asset", e.asset());
            if (!e.chain().isEmpty()) {
                o.put("chain", e.chain());
            }
            o.put("amount", format(e.asset(), e.amount())).put("status", e.open() ? "open" : "settled");
        } else if (event instanceof RulesVersionMarked e) {
            o.put("version", e.version());
            ObjectNode files = o.putObject("files");
            e.files().forEach(files::put);
        }
        try {
            return mapper.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void putToken(ObjectNode o, String chain, String asset, String token) {
        if (catalogue.tokensOf(asset, chain).size() > 1) {
            o.put("token", token);
        }
    }

    private String format(String asset, BigInteger amount) {
        return Amounts.toDecimalString(amount, catalogue.asset(asset).orElseThrow().decimals());
    }
}
