package io.ballast.risk.eval;

import io.ballast.engine.Ballast;
import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.decision.LiquidationOrder;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Amounts;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.AlertBook;
import io.ballast.engine.state.ChainAssetTotal;
import io.ballast.engine.state.ExposureState;
import io.ballast.risk.expr.ConditionCompiler;
import io.ballast.risk.file.InventoryTarget;
import io.ballast.risk.file.Rule;
import io.ballast.risk.file.RuleScope;
import io.ballast.risk.file.RuleSet;
import io.ballast.risk.file.RuleSetLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides on rule-set proposals (a valid one goes into force; an invalid one is rejected with an
 * alert and the rules before it stay), evaluates the rule set in force after every input, and keeps each
 * alert's life: {@code firing} once when its condition starts to hold, {@code resolved} once when
 * {@code clear-when} holds (or the condition stops holding), with the rule's cooldown between
 * firings. Alerts of a rule that a new rule set drops are resolved. Then the inventory sections are
 * rebalanced ({@link RebalancePlanner}). The alert and order memory lives in the state
 * ({@link AlertBook}, {@link io.ballast.engine.state.OrderBook}), so a restart from a snapshot
 * continues exactly.
 */
public final class RuleEngine implements DecisionMaker {

    /** Built-in alert: a proposed rule set did not validate and did not go into force. */
    public static final String REJECTED = "rules-rejected";
    /** Built-in alert: a rule's condition could not be evaluated (it then counts as not holding). */
    public static final String FAILED = "rule-failed";
    /** A liquidation the rule ordered was past the rule set's limits, so it was not made (resolved with the rule). */
    public static final String LIQUIDATION_BLOCKED = "liquidation-blocked";

    /**
     * A rule with what its alerts report and the places it applies: a rule of one place has its
     * instance made once and its figures looked up once per {@link Figures}; a rule of every chain or
     * position makes each place's instance when first met.
     */
    private static final class CompiledRule {
        final Rule rule;
        /** The rule's scope, held here too: every input reads it. */
        final RuleScope scope;
        final Measure measure;
        /** The instance of a rule of one place, else null. */
        final Instance single;
        /** Whether the rule reads a variable that moves with the asset's totals (share, allocation), not only with its own holding. */
        final boolean readsTotals;
        /** Whether the rule reads a variable a balance, transfer or pending transfer can move at all. */
        final boolean readsHoldings;
        private final Map<String, Instance> instances = new HashMap<>();
        private Figures boundTo;
        private ScopeFigures bound;

        CompiledRule(Rule rule, Measure measure) {
            this.rule = rule;
            this.scope = rule.scope();
            this.measure = measure;
            Scope place = placeOf(rule.scope());
            this.single = place == null ? null : new Instance(place, rule.id() + "/" + place.key());
            long reads = rule.when().reads() | (rule.clearWhen() == null ? 0 : rule.clearWhen().reads());
            long totals = rule.scope().kind() == RuleScope.Kind.GROUP ? GroupFigures.TOTALS : AssetChainFigures.TOTALS;
            this.readsTotals = (reads & totals) != 0;
            this.readsHoldings = (reads & movedByHoldings(rule.scope().kind())) != 0;
        }

        private static Scope placeOf(RuleScope scope) {
            switch (scope.kind()) {
                case PORTFOLIO:
                    return Scope.portfolio();
                case ASSET:
                    return scope("asset", "asset", scope.asset());
                case GROUP:
                    return new Scope("group", new TreeMap<>(Map.of("asset", scope.asset(), "group", scope.group())));
                case ASSET_CHAIN:
                    return scope.chain().equals(RuleScope.EVERY) ? null : assetChain(scope.asset(), scope.chain());
                case CHAIN:
                    return scope.chain().equals(RuleScope.EVERY) ? null : Scope.chain(scope.chain());
                default:
                    return null;
            }
        }

        private static long movedByHoldings(RuleScope.Kind kind) {
            return switch (kind) {
                case PORTFOLIO -> PortfolioFigures.HOLDINGS;
                case ASSET -> HoldingFigures.HOLDINGS;
                case ASSET_CHAIN -> AssetChainFigures.MOVED_BY_HOLDINGS;
                case GROUP -> GroupFigures.MOVED_BY_HOLDINGS;
                case CHAIN -> ChainFigures.HOLDINGS;
                case POSITION -> 0;
            };
        }

        /** The instance at one place (a chain name or a position id) of a rule of many places. */
        Instance at(String place) {
            Instance instance = instances.get(place);
            if (instance == null) {
                RuleScope scope = rule.scope();
                Scope made = switch (scope.kind()) {
                    case ASSET_CHAIN -> assetChain(scope.asset(), place);
                    case CHAIN -> Scope.chain(place);
                    case POSITION -> scope("position", "position", place);
                    default -> throw new IllegalStateException(scope.kind().label());
                };
                instance = new Instance(made, rule.id() + "/" + made.key());
                instances.put(place, instance);
            }
            return instance;
        }

        /** The figures of a rule of one place, or null while its chain is unknown to the state. */
        ScopeFigures bound(Figures figures) {
            if (boundTo != figures) {
                RuleScope scope = rule.scope();
                bound = switch (scope.kind()) {
                    case ASSET -> figures.asset(scope.asset());
                    case GROUP -> figures.asset(scope.asset()).group(scope.group());
                    case ASSET_CHAIN -> figures.asset(scope.asset()).on(scope.chain());
                    case CHAIN -> figures.chainIfKnown(scope.chain());
                    default -> throw new IllegalStateException(scope.kind().label());
                };
                boundTo = bound == null ? null : figures;
            }
            return bound;
        }
    }

    /** One place a rule applies: the scope its alerts name and their subject. */
    private static final class Instance {
        final Scope scope;
        final String subject;
        /** What the alert book said of the subject, and at which of the book's changes. */
        private AlertBook bookSeen;
        private long bookChangesSeen;
        private boolean firing;

        Instance(Scope scope, String subject) {
            this.scope = scope;
            this.subject = subject;
        }

        Scope scope() {
            return scope;
        }

        String subject() {
            return subject;
        }

        /** Whether the subject's alert is firing; asks the book again only after the book changed. */
        boolean isFiring(AlertBook book) {
            if (book != bookSeen || book.changes() != bookChangesSeen) {
                firing = book.isFiring(subject);
                bookSeen = book;
                bookChangesSeen = book.changes();
            }
            return firing;
        }
    }

    /** Receives each place a rule applies, with the variables there. */
    private interface InstanceVisitor {
        void visit(CompiledRule rule, Instance instance, ScopeFigures variables);
    }

    private final RuleSetLoader loader;
    private final RuleShare share;
    private final ConditionCompiler compiler = new ConditionCompiler();
    private final RebalancePlanner planner = new RebalancePlanner();
    private final LiquidationSizer liquidations = new LiquidationSizer();
    /** Tests set this to check that skipping the rules an event cannot move changes no decision. */
    boolean evaluateEverything;
    private RulesVersionMarked compiledFrom;
    private RuleSet ruleSet;
    private CompiledRule[] compiled = new CompiledRule[0];
    private final Map<String, CompiledRule[]> rulesByAsset = new HashMap<>();
    /** The figures of the live state, and of the state with a hypothetical trade (pre-trade checks). */
    private Figures live;
    private Figures hypothetical;
    private final Focus focus = new Focus();
    /** The order book's and the holding set's change counts when the rules last looked at the live state. */
    private long ordersSeen = -1;
    private long holdingSetSeen = -1;
    private final Focus tradeFocus = new Focus();
    private final AlertCycle alertCycle = new AlertCycle();

    public RuleEngine(Catalogue catalogue) {
        this(catalogue, RuleShare.ALL);
    }

    /** A rule engine that decides only {@code share} of each rule set (one of a cluster's engines). */
    public RuleEngine(Catalogue catalogue, RuleShare share) {
        this.loader = new RuleSetLoader(catalogue);
        this.share = share;
    }

    /**
     * Makes an engine run the rules: a new rule engine among its decision makers, and rule sets
     * checked before they are journalled. Returns the rule engine, for pre-trade checks.
     */
    public static RuleEngine addTo(Ballast.Builder engine, Catalogue catalogue) {
        return addTo(engine, catalogue, RuleShare.ALL);
    }

    /**
     * {@link #addTo(Ballast.Builder, Catalogue)} for an engine that decides {@code share}; one that
     * decides no rules spanning assets leaves the built-in chain alerts to the engine that does.
     */
    public static RuleEngine addTo(Ballast.Builder engine, Catalogue catalogue, RuleShare share) {
        RuleEngine rules = new RuleEngine(catalogue, share);
        if (!share.spansAssets()) {
            engine.withoutBuiltInDecisionMakers();
        }
        engine.catalogue(catalogue).decisionMaker(rules).inputCheck(new RuleSetCheck(catalogue));
        return rules;
    }

    /** What a replay with rules runs: the engine's built-in decision makers, then a rule engine. */
    public static List<DecisionMaker> withBuiltIns(Catalogue catalogue) {
        List<DecisionMaker> makers = new ArrayList<>(Ballast.builtInDecisionMakers());
        makers.add(new RuleEngine(catalogue));
        return makers;
    }

    @Override
    public void decide(Event event, ExposureState state, DecisionContext context) {
        if (event instanceof RulesVersionMarked proposal && !propose(proposal, state, context)) {
            return;
        }
        RulesVersionMarked inForce = state.rulesInForce();
        if (inForce == null) {
            return;
        }
        compile(inForce);
        RebalancePlanner.expireOrders(state);
        Figures figures = liveFigures(state);
        focusOn(event, state);
        figures.beginFocused(focus);
        alertCycle.state = state;
        alertCycle.context = context;
        for (CompiledRule rule : rulesFor(focus)) {
            visit(rule, state, figures, focus, true, alertCycle);
        }
        ordersSeen = state.orders().changes();
        holdingSetSeen = state.holdingSetChanges();
        planner.plan(state, ruleSet, figures, context, focus);
    }

    /**
     * What the input can have moved: the holdings it changed, when that is all it changed (the state
     * says which; a transfer may also confirm a pending transfer of another token of its transaction),
     * else everything.
     */
    private void focusOn(Event event, ExposureState state) {
        // Orders issued after the rules last looked, and holdings that appeared or went, move more than the input's holdings.
        boolean holdingsOnly = (event instanceof TransferObserved || event instanceof BalanceObserved
                || event instanceof PendingTransferObserved) && !state.addedAChain()
                && state.orders().changes() == ordersSeen && state.holdingSetChanges() == holdingSetSeen;
        if (evaluateEverything || !holdingsOnly) {
            focus.everything();
            return;
        }
        focus.nothing();
        List<ChainAssetTotal> changed = state.changedHoldings();
        for (int i = 0; i < changed.size(); i++) {
            focus.add(changed.get(i).chain(), changed.get(i).asset());
        }
    }

    private Figures liveFigures(ExposureState state) {
        if (live == null || live.state != state || live.rules != ruleSet) {
            live = new Figures(state, ruleSet);
        }
        return live;
    }

    /**
     * Adopts a valid proposal (resolving earlier rejections and the alerts of rules it drops), or
     * rejects it with an alert that names each file, line and reason. Returns whether it was adopted.
     */
    private boolean propose(RulesVersionMarked proposal, ExposureState state, DecisionContext context) {
        RuleSetLoader.Result result = loader.load(proposal.files());
        if (!result.ok()) {
            Scope scope = new Scope("rules", new TreeMap<>(Map.of("version", proposal.version())));
            String subject = REJECTED + "/" + scope.key();
            if (share.spansAssets() && !state.alerts().isFiring(subject)) {
                state.alerts().fire(subject, state.clock());
                String inForce = state.rules().map(RulesVersionMarked::version).orElse("none");
                context.emit(new Alert(context.nextId(subject), REJECTED, Severity.CRITICAL, Alert.State.FIRING, scope, Double.NaN,
                        Double.NaN, context.causeSeq(), state.clock(), "rule set " + proposal.version() + " rejected, "
                        + inForce + " stays in force: " + result.errors().stream().map(Object::toString).collect(Collectors.joining("; "))));
            }
            return false;
        }
        state.adoptRules(proposal);
        compile(proposal, result.ruleSet());
        for (String subject : new ArrayList<>(state.alerts().firing().keySet())) {
            if (subject.startsWith(REJECTED + "/")) {
                state.alerts().resolve(subject);
                String version = subject.substring(subject.indexOf("version=") + "version=".length(), subject.length() - 1);
                context.emit(new Alert(context.nextId(subject), REJECTED, Severity.CRITICAL, Alert.State.RESOLVED,
                        new Scope("rules", new TreeMap<>(Map.of("version", version))), Double.NaN, Double.NaN, context.causeSeq(),
                        state.clock(), "rule set " + proposal.version() + " is in force"));
            }
        }
        resolveDroppedRules(state, context);
        return true;
    }

    /** The rules in force, compiled once per rule set (after a restart, from the state's copy). */
    private void compile(RulesVersionMarked rules) {
        if (rules != compiledFrom && !rules.equals(compiledFrom)) {
            compile(rules, loader.load(rules.files()).ruleSet());
        }
    }

    private void compile(RulesVersionMarked rules, RuleSet set) {
        compiledFrom = rules;
        ruleSet = share.of(set);
        List<CompiledRule> rulesWithMeasures = new ArrayList<>();
        for (Rule rule : ruleSet.rules()) {
            rulesWithMeasures.add(new CompiledRule(rule, Measure.of(rule, compiler)));
        }
        compiled = rulesWithMeasures.toArray(new CompiledRule[0]);
        rulesByAsset.clear();
    }

    /**
     * The rules an input that moved only one asset can touch — that asset's rules and the rules of no
     * asset (chains, portfolio, positions) — in rule-set order, so decisions come out in the same order
     * as when every rule is visited. Every rule for anything else.
     */
    private CompiledRule[] rulesFor(Focus focus) {
        String asset = focus.onlyAsset();
        if (asset == null) {
            return compiled;
        }
        CompiledRule[] rules = rulesByAsset.get(asset);
        if (rules == null) {
            List<CompiledRule> touching = new ArrayList<>();
            for (CompiledRule rule : compiled) {
                String ruleAsset = rule.rule.scope().asset();
                if (ruleAsset == null || ruleAsset.isEmpty() || ruleAsset.equals(asset)) {
                    touching.add(rule);
                }
            }
            rules = touching.toArray(new CompiledRule[0]);
            rulesByAsset.put(asset, rules);
        }
        return rules;
    }

    /** Runs each rule's alert life cycle at each place it applies. */
    private final class AlertCycle implements InstanceVisitor {
        ExposureState state;
        DecisionContext context;

        @Override
        public void visit(CompiledRule rule, Instance instance, ScopeFigures variables) {
            try {
                evaluate(rule, instance, variables, state, context);
            } catch (IllegalStateException e) {
                // Never let a rule stop the engine: the input is journalled already, and a replay would fail the same way.
                String subject = FAILED + "/" + rule.rule.id() + "/" + instance.scope().key();
                if (!state.alerts().isFiring(subject)) {
                    state.alerts().fire(subject, state.clock());
                    context.emit(new Alert(context.nextId(subject), FAILED, Severity.CRITICAL, Alert.State.FIRING, instance.scope(),
                            Double.NaN, Double.NaN, context.causeSeq(), state.clock(), rule.rule.id() + " (" + rule.rule.location()
                            + "): " + e.getMessage()));
                }
            }
        }
    }

    private void evaluate(CompiledRule compiledRule, Instance instance, ScopeFigures variables, ExposureState state,
                          DecisionContext context) {
        Rule rule = compiledRule.rule;
        String subject = instance.subject();
        AlertBook book = state.alerts();
        long now = state.clock();
        if (!instance.isFiring(book)) {
            if (!rule.when().test(variables)) {
                return;
            }
            if (rule.cooldownSeconds() > 0) {
                long last = book.lastFiredAt(subject);
                if (last != Event.NONE && now < last + rule.cooldownSeconds()) {
                    return;
                }
            }
            book.fire(subject, now);
            context.emit(alert(compiledRule, instance, variables, Alert.State.FIRING, now, context));
            if (rule.action() == Rule.Action.LIQUIDATE) {
                String position = rule.scope().kind() == RuleScope.Kind.POSITION ? instance.scope().fields().get("position") : null;
                for (LiquidationOrder order : liquidations.orders(state, position, ruleSet.closeFactor(), context)) {
                    Optional<String> refused = OrderLimits.admit(state, ruleSet.limits(), order.asset(), order.amount());
                    if (refused.isEmpty()) {
                        context.emit(order);
                    } else {
                        liquidationBlocked(state, context, instance, subject, true, "liquidation of " + order.position() + " ("
                                + Amounts.toDecimalString(order.amount(), state.catalogue().asset(order.asset()).orElseThrow().decimals())
                                + " " + order.asset() + ") not ordered: " + refused.get());
                    }
                }
            }
        } else {
            // A breach that still holds stays firing even where clear-when holds too: overlapping conditions must not flap.
            boolean clear = !rule.when().test(variables) && (rule.clearWhen() == null || rule.clearWhen().test(variables));
            if (clear) {
                book.resolve(subject);
                context.emit(alert(compiledRule, instance, variables, Alert.State.RESOLVED, now, context));
                if (rule.action() == Rule.Action.LIQUIDATE) {
                    liquidationBlocked(state, context, instance, subject, false, "");
                }
            }
        }
    }

    /** Fires (with why) or resolves the liquidation-blocked alert of a liquidating rule's place. */
    private static void liquidationBlocked(ExposureState state, DecisionContext context, Instance instance, String subject, boolean holds,
                                           String message) {
        BuiltInAlerts.toggle(state, context, LIQUIDATION_BLOCKED, instance.scope(), LIQUIDATION_BLOCKED + "/" + subject, Severity.CRITICAL,
                holds, message);
    }

    private static Alert alert(CompiledRule compiledRule, Instance instance, ScopeFigures variables, Alert.State state, long now,
                               DecisionContext context) {
        Rule rule = compiledRule.rule;
        String condition = state == Alert.State.FIRING ? rule.when().text()
                : rule.clearWhen() != null ? rule.clearWhen().text() : "not (" + rule.when().text() + ")";
        String message = (rule.description().isEmpty() ? rule.id() : rule.description()) + ": " + condition;
        return new Alert(context.nextId(instance.subject()), rule.id(), rule.severity(), state, instance.scope(),
                compiledRule.measure.value(variables), compiledRule.measure.threshold(variables), context.causeSeq(), now, message);
    }

    /** Alerts of rules the new rule set no longer has are resolved, so nothing stays firing forever. */
    private void resolveDroppedRules(ExposureState state, DecisionContext context) {
        List<String> ids = ruleSet.rules().stream().map(Rule::id).toList();
        for (Map.Entry<String, Long> firing : new TreeMap<>(state.alerts().firing()).entrySet()) {
            String subject = firing.getKey();
            boolean builtIn = subject.startsWith(RebalancePlanner.INCOMPLETE + "/") || subject.startsWith(RebalancePlanner.BLOCKED + "/")
                    || subject.startsWith(REJECTED + "/") || subject.startsWith(FAILED + "/");
            if (!builtIn && ids.stream().noneMatch(id -> subject.startsWith(id + "/"))) {
                state.alerts().resolve(subject);
                String ruleId = subject.substring(0, subject.indexOf('/'));
                context.emit(new Alert(context.nextId(subject), ruleId, Severity.INFO, Alert.State.RESOLVED,
                        new Scope("rule", new TreeMap<>(Map.of("rule", ruleId))), Double.NaN, Double.NaN, context.causeSeq(),
                        state.clock(), ruleId + ": rule removed from the rule set in force"));
            }
        }
    }

    /**
     * Pre-trade check: which rules the trade would make fire, and the allocation before and after,
     * computed over the state as it is without changing it (call it under the engine's lock, e.g.
     * from {@code Ballast.query}). Only rules whose scope the trade can touch are evaluated.
     */
    public PreTradeVerdict preTrade(ExposureState state, Trade trade) {
        List<String> wouldFire = new ArrayList<>();
        List<String> alreadyFiring = new ArrayList<>();
        TreeMap<String, Double> before = new TreeMap<>();
        TreeMap<String, Double> after = new TreeMap<>();
        if (state.rules().isEmpty()) {
            return new PreTradeVerdict(wouldFire, alreadyFiring, before, after);
        }
        compile(state.rules().get());
        if (hypothetical == null || hypothetical.state != state || hypothetical.rules != ruleSet) {
            hypothetical = new Figures(state, ruleSet);
        }
        hypothetical.begin(trade);
        tradeFocus.nothing();
        tradeFocus.add(trade.chain(), trade.asset());
        InstanceVisitor verdict = (rule, instance, variables) -> {
            if (rule.rule.when().test(variables)) {
                (state.alerts().isFiring(instance.subject()) ? alreadyFiring : wouldFire).add(instance.subject());
            }
        };
        for (CompiledRule rule : rulesFor(tradeFocus)) {
            visit(rule, state, hypothetical, tradeFocus, false, verdict);
        }
        if (ruleSet.inventory().containsKey(trade.asset())) {
            Figures now = liveFigures(state);
            now.begin(null);
            for (AssetChainFigures chain : hypothetical.asset(trade.asset()).chains()) {
                before.put(chain.chain, now.asset(trade.asset()).on(chain.chain).value(AssetChainFigures.ALLOCATION));
                after.put(chain.chain, chain.value(AssetChainFigures.ALLOCATION));
            }
        }
        return new PreTradeVerdict(wouldFire, alreadyFiring, before, after);
    }

    /**
     * Each inventory section's chains as the rebalancer sees them now, in the sections' order. Call it
     * under the engine's lock (from {@code Ballast.query}), as for a pre-trade check.
     */
    public List<Allocation> allocations(ExposureState state) {
        if (state.rules().isEmpty()) {
            return List.of();
        }
        compile(state.rules().get());
        Figures now = liveFigures(state);
        now.begin(null);
        List<Allocation> allocations = new ArrayList<>();
        for (InventoryTarget inventory : ruleSet.inventory().values()) {
            for (AssetChainFigures chain : now.asset(inventory.asset()).chains()) {
                allocations.add(new Allocation(inventory.asset(), chain.chain, chain.value(AssetChainFigures.ALLOCATION),
                        chain.value(AssetChainFigures.TARGET), chain.value(AssetChainFigures.THRESHOLD), chain.chain.equals(inventory.hub())));
            }
        }
        return allocations;
    }

    /**
     * Visits each place the rule applies that the focus can have moved, with the variables there.
     * With {@code onlyChanged}, a place whose variables the focus cannot have changed is skipped even
     * where its asset moved: a rule on one chain of the asset that reads only that chain's own figures,
     * when another chain's holding moved. Its condition is what it was, and so is its alert. So is a rule
     * that reads nothing a holding moves (a head's age, a price's age) when only holdings moved.
     */
    private static void visit(CompiledRule rule, ExposureState state, Figures figures, Focus focus, boolean onlyChanged,
                              InstanceVisitor visitor) {
        if (onlyChanged && !focus.isEverything() && !rule.readsHoldings) {
            return;
        }
        boolean local = onlyChanged && !rule.readsTotals;
        RuleScope scope = rule.scope;
        switch (scope.kind()) {
            case PORTFOLIO:
                visitor.visit(rule, rule.single, figures.portfolio());
                break;
            case ASSET:
                if (focus.asset(scope.asset())) {
                    visitor.visit(rule, rule.single, rule.bound(figures));
                }
                break;
            case GROUP:
                if (focus.asset(scope.asset())) {
                    GroupFigures group = (GroupFigures) rule.bound(figures);
                    if (!local || group.moved(focus)) {
                        visitor.visit(rule, rule.single, group);
                    }
                }
                break;
            case ASSET_CHAIN:
                if (!focus.asset(scope.asset())) {
                    break;
                }
                if (rule.single != null) {
                    AssetChainFigures chain = (AssetChainFigures) rule.bound(figures);
                    if (chain.inSpread() && (!local || focus.chain(chain.chain))) {
                        visitor.visit(rule, rule.single, chain);
                    }
                } else {
                    for (AssetChainFigures chain : figures.asset(scope.asset()).chains()) {
                        if (!local || focus.chain(chain.chain)) {
                            visitor.visit(rule, rule.at(chain.chain), chain);
                        }
                    }
                }
                break;
            case CHAIN:
                if (rule.single != null) {
                    ScopeFigures chain = rule.bound(figures);
                    if (chain != null && focus.chain(scope.chain())) {
                        visitor.visit(rule, rule.single, chain);
                    }
                } else {
                    for (ChainFigures chain : figures.chains()) {
                        if (focus.chain(chain.chain.name())) {
                            visitor.visit(rule, rule.at(chain.chain.name()), chain);
                        }
                    }
                }
                break;
            case POSITION:
                if (focus.isEverything() && !state.positions().isEmpty()) {
                    for (PositionObserved position : state.positions().values()) {
                        if (scope.position().equals(RuleScope.EVERY) || scope.position().equals(position.id())) {
                            PositionFigures variables = figures.position(position);
                            if (variables.isPriced()) {
                                visitor.visit(rule, rule.at(position.id()), variables);
                            }
                        }
                    }
                }
                break;
            default:
                throw new IllegalStateException(scope.kind().label());
        }
    }

    private static Scope assetChain(String asset, String chain) {
        return new Scope("asset-chain", new TreeMap<>(Map.of("asset", asset, "chain", chain)));
    }

    private static Scope scope(String kind, String field, String value) {
        return new Scope(kind, new TreeMap<>(Map.of(field, value)));
    }
}
