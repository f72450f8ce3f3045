package io.ballast.engine.journal;

import io.ballast.engine.decision.Decision;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a journal holds: record counts by kind and type, sequence range, size on disk.
 *
 * @param inputsByType inputs per event type ({@code BlockObserved} ...)
 */
public record JournalStats(long inputs, long firstInputSeq, long lastInputSeq, long decisions,
                           SortedMap<String, Long> inputsByType, SortedMap<String, Long> decisionsByType,
                           long bytesOnDisk, int inputCycleFiles) {

    static JournalStats of(Journal journal) {
        TreeMap<String, Long> inputTypes = new TreeMap<>();
        long[] range = {-1, -1};
        long inputs = journal.readInputs(-1, input -> {
            inputTypes.merge(input.event().getClass().getSimpleName(), 1L, Long::sum);
            if (range[0] < 0) {
                range[0] = input.seq();
            }
            range[1] = input.seq();
        });
        TreeMap<String, Long> decisionTypes = new TreeMap<>();
        long decisions = journal.readDecisions(d -> decisionTypes.merge(typeOf(d.decision()), 1L, Long::sum));
        return new JournalStats(inputs, range[0], range[1], decisions, Collections.unmodifiableSortedMap(inputTypes),
                Collections.unmodifiableSortedMap(decisionTypes), journal.bytesOnDisk(), journal.inputCycleFiles());
    }

    private static String typeOf(Decision decision) {
        return decision.getClass().getSimpleName();
    }

    /** Plain-text report, one fact per line. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("inputs ").append(inputs);
        if (inputs > 0) {
            out.append(" (seq ").append(firstInputSeq).append("..").append(lastInputSeq).append(')');
        }
        out.append('\n');
        inputsByType.forEach((type, count) -> out.append("  ").append(type).append(' ').append(count).append('\n'));
        out.append("decisions ").append(decisions).append('\n');
        decisionsByType.forEach((type, count) -> out.append("  ").append(type).append(' ').append(count).append('\n'));
        out.append("bytes on disk ").append(bytesOnDisk).append('\n');
        out.append("input cycle files ").append(inputCycleFiles).append('\n');
        return out.toString();
    }
}
