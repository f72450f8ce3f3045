package io.ballast.risk.eval;

import io.ballast.engine.decision.Alert;
import io.ballast.engine.decision.DecisionContext;
import io.ballast.engine.decision.DecisionMaker;
import io.ballast.engine.decision.Scope;
import io.ballast.engine.decision.Severity;
import io.ballast.engine.event.BalanceObserved;
import io.ballast.engine.event.Event;
import io.ballast.engine.event.PendingTransferObserved;
import io.ballast.engine.event.PositionObserved;
import io.ballast.engine.event.RulesVersionMarked;
import io.ballast.engine.event.TransferObserved;
import io.ballast.engine.model.Catalogue;
import io.ballast.engine.state.AlertBook;
import io.ballast.engine.state.ChainState;
import io.ballast.engine.state.ExposureState;
import io.ballast.risk.expr.ConditionCompiler;
import io.ballast.risk.file.Rule;
import io.ballast.risk.file.RuleScope;
import io.ballast.risk.file.RuleSet;
import io.ballast.risk.file.RuleSetLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** A rule with what its alerts report. */
    private record CompiledRule(Rule rule, Measure measure) {
    }

    /** One place a rule applies, with the variables there. */
    private record Instance(Scope scope, Map<String, Object> variables) {
    }

    private final RuleSetLoader loader;
    private final ConditionCompiler compiler = new ConditionCompiler();
    private final RebalancePlanner planner = new RebalancePlanner();
    private final LiquidationSizer liquidations = new LiquidationSizer();
    /** Tests set this to check that skipping the rules an event cannot move changes no decision. */
    boolean evaluateEverything;
    private RulesVersionMarked compiledFrom;
    private RuleSet ruleSet;
    private List<CompiledRule> compiled = List.of();

    public RuleEngine(Catalogue catalogue) {
        this.loader = new RuleSetLoader(catalogue);
    }

    /** Built-in alert: a proposed rule set did not validate and did not go into force. */
    public static final String REJECTED = "rules-rejected";

    @Override
    public void decide(Event event, ExposureState state, DecisionContext context) {
        if (event instanceof RulesVersionMarked proposal && !propose(proposal, state, context)) {
            return;
        }
        if (state.rules().isEmpty()) {
            return;
        }
        compile(state.rules().get());
        ScopeValues values = new ScopeValues(state, ruleSet);
        List<ExposureState.ChainAsset> moved = evaluateEverything ? null : movedHoldings(event, state);
        for (CompiledRule rule : compiled) {
            if (moved != null && moved.stream().noneMatch(holding -> touches(rule.rule().scope(), holding.chain(), holding.asset()))) {
                continue;
            }
            for (Instance instance : instances(rule.rule().scope(), state, values)) {
                evaluate(rule, instance, state, context);
            }
        }
        planner.plan(state, ruleSet, values, context, moved == null ? null : moved.stream().map(ExposureState.ChainAsset::asset).toList());
    }

    /**
     * What a balance, transfer or pending transfer changed, when that is all it changed: such an
     * event carries no time, so it moves neither the clock nor anything time-based, and rules of the
     * other assets, the other chains and the positions cannot change. The state says which
     * holdings moved (a transfer may also confirm a pending transfer of another token of its
     * transaction). Null, meaning everything, for every other event and for one that adds a chain.
     */
    private static List<ExposureState.ChainAsset> movedHoldings(Event event, ExposureState state) {
        boolean holdingsOnly = (event instanceof TransferObserved || event instanceof BalanceObserved
                || event instanceof PendingTransferObserved) && !state.addedAChain();
        return holdingsOnly ? state.changedHoldings() : null;
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
            if (!state.alerts().isFiring(subject)) {
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
        if (!rules.equals(compiledFrom)) {
            compile(rules, loader.load(rules.files()).ruleSet());
        }
    }

    private void compile(RulesVersionMarked rules, RuleSet set) {
        compiledFrom = rules;
        ruleSet = set;
        List<CompiledRule> rulesWithMeasures = new ArrayList<>();
        for (Rule rule : ruleSet.rules()) {
            rulesWithMeasures.add(new CompiledRule(rule, Measure.of(rule, compiler)));
        }
        compiled = rulesWithMeasures;
    }

    /** Built-in alert: a rule's condition could not be evaluated (it then counts as not holding). */
    public static final String FAILED = "rule-failed";

    private void evaluate(CompiledRule compiledRule, Instance instance, ExposureState state, DecisionContext context) {
        try {
            evaluateOrThrow(compiledRule, instance, state, context);
        } catch (IllegalStateException e) {
            // Never let a rule stop the engine: the input is journalled already, and a replay would fail the same way.
            Rule rule = compiledRule.rule();
            String subject = FAILED + "/" + rule.id() + "/" + instance.scope().key();
            if (!state.alerts().isFiring(subject)) {
                state.alerts().fire(subject, state.clock());
                context.emit(new Alert(context.nextId(subject), FAILED, Severity.CRITICAL, Alert.State.FIRING, instance.scope(),
                        Double.NaN, Double.NaN, context.causeSeq(), state.clock(), rule.id() + " (" + rule.location() + "): "
                        + e.getMessage()));
            }
        }
    }

    private void evaluateOrThrow(CompiledRule compiledRule, Instance instance, ExposureState state, DecisionContext context) {
        Rule rule = compiledRule.rule();
        String subject = rule.id() + "/" + instance.scope().key();
        AlertBook book = state.alerts();
        long now = state.clock();
        if (!book.isFiring(subject)) {
            if (!rule.when().test(instance.variables())) {
                return;
            }
            long last = book.lastFiredAt(subject);
            if (rule.cooldownSeconds() > 0 && last != Event.NONE && now < last + rule.cooldownSeconds()) {
                return;
            }
            book.fire(subject, now);
            context.emit(alert(compiledRule, instance, Alert.State.FIRING, subject, now, context));
            if (rule.action() == Rule.Action.LIQUIDATE) {
                String position = rule.scope().kind() == RuleScope.Kind.POSITION ? instance.scope().fields().get("position") : null;
                liquidations.orders(state, position, ruleSet.closeFactor(), context).forEach(context::emit);
            }
        } else {
            boolean clear = rule.clearWhen() != null ? rule.clearWhen().test(instance.variables())
                    : !rule.when().test(instance.variables());
            if (clear) {
                book.resolve(subject);
                context.emit(alert(compiledRule, instance, Alert.State.RESOLVED, subject, now, context));
            }
        }
    }

    private Alert alert(CompiledRule compiledRule, Instance instance, Alert.State state, String subject, long now,
                        DecisionContext context) {
        Rule rule = compiledRule.rule();
        String condition = state == Alert.State.FIRING ? rule.when().text()
                : rule.clearWhen() != null ? rule.clearWhen().text() : "not (" + rule.when().text() + ")";
        String message = (rule.description().isEmpty() ? rule.id() : rule.description()) + ": " + condition;
        return new Alert(context.nextId(subject), rule.id(), rule.severity(), state, instance.scope(),
                compiledRule.measure().value(instance.variables()), compiledRule.measure().threshold(instance.variables()),
                context.causeSeq(), now, message);
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
        ScopeValues values = new ScopeValues(state, ruleSet, trade);
        for (CompiledRule compiledRule : compiled) {
            Rule rule = compiledRule.rule();
            if (!touches(rule.scope(), trade.chain(), trade.asset())) {
                continue;
            }
            for (Instance instance : instances(rule.scope(), state, values)) {
                if (rule.when().test(instance.variables())) {
                    String subject = rule.id() + "/" + instance.scope().key();
                    (state.alerts().isFiring(subject) ? alreadyFiring : wouldFire).add(subject);
                }
            }
        }
        if (ruleSet.inventory().containsKey(trade.asset())) {
            ScopeValues now = new ScopeValues(state, ruleSet);
            for (String chain : values.chainsOf(trade.asset())) {
                before.put(chain, (Double) now.assetChain(trade.asset(), chain).get("allocation"));
                after.put(chain, (Double) values.assetChain(trade.asset(), chain).get("allocation"));
            }
        }
        return new PreTradeVerdict(wouldFire, alreadyFiring, before, after);
    }

    /** Whether a change of one asset on one chain can move a rule of this scope. */
    private static boolean touches(RuleScope scope, String chain, String asset) {
        switch (scope.kind()) {
            case PORTFOLIO:
                return true;
            case ASSET:
                return scope.asset().equals(asset);
            case CHAIN:
                return scope.chain().equals(RuleScope.EVERY) || scope.chain().equals(chain);
            case ASSET_CHAIN:
            case GROUP:
                return scope.asset().equals(asset);
            default:
                return false;
        }
    }

    private List<Instance> instances(RuleScope scope, ExposureState state, ScopeValues values) {
        List<Instance> instances = new ArrayList<>();
        switch (scope.kind()) {
            case PORTFOLIO:
                instances.add(new Instance(Scope.portfolio(), values.portfolio()));
                break;
            case ASSET:
                instances.add(new Instance(scope("asset", "asset", scope.asset()), values.asset(scope.asset())));
                break;
            case CHAIN:
                for (ChainState chain : state.chains()) {
                    if (scope.chain().equals(RuleScope.EVERY) || scope.chain().equals(chain.name())) {
                        instances.add(new Instance(Scope.chain(chain.name()), values.chain(chain)));
                    }
                }
                break;
            case ASSET_CHAIN:
                for (String chain : values.chainsOf(scope.asset())) {
                    if (scope.chain().equals(RuleScope.EVERY) || scope.chain().equals(chain)) {
                        TreeMap<String, String> fields = new TreeMap<>(Map.of("asset", scope.asset(), "chain", chain));
                        instances.add(new Instance(new Scope("asset-chain", fields), values.assetChain(scope.asset(), chain)));
                    }
                }
                break;
            case GROUP:
                TreeMap<String, String> fields = new TreeMap<>(Map.of("asset", scope.asset(), "group", scope.group()));
                instances.add(new Instance(new Scope("group", fields), values.group(scope.asset(), scope.group())));
                break;
            case POSITION:
                for (PositionObserved position : state.positions().values()) {
                    if (scope.position().equals(RuleScope.EVERY) || scope.position().equals(position.id())) {
                        Map<String, Object> variables = values.position(position);
                        if (variables != null) {
                            instances.add(new Instance(scope("position", "position", position.id()), variables));
                        }
                    }
                }
                break;
            default:
                throw new IllegalStateException(scope.kind().label());
        }
        return instances;
    }

    private static Scope scope(String kind, String field, String value) {
        return new Scope(kind, new TreeMap<>(Map.of(field, value)));
    }
}
