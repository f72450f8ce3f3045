package io.ballast.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Writes benchmark results as JSON and as a Markdown table with the machine they were measured on. */
final class Report {

    private Report() {
    }

    static void write(Path dir, String name, Map<String, Object> results) throws IOException {
        Files.createDirectories(dir);
        StringJoiner json = new StringJoiner(",\n  ", "{\n  ", "\n}\n");
        json.add("\"machine\": \"" + machine() + "\"");
        results.forEach((key, value) -> json.add("\"" + key + "\": " + (value instanceof String ? "\"" + value + "\"" : value)));
        Files.writeString(dir.resolve(name + ".json"), json.toString());

        StringBuilder md = new StringBuilder();
        md.append("Measured ").append(LocalDate.now()).append(" on ").append(machine()).append("\n\n");
        md.append("| figure | value |\n|---|---|\n");
        results.forEach((key, value) -> md.append("| ").append(key).append(" | ").append(value).append(" |\n"));
        Files.writeString(dir.resolve(name + ".md"), md.toString());
        System.out.print(md);
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB";
    }

    /**
     * Each figure's median over passes of one benchmark (the machines are shared and noisy); a figure
     * that is not a number (a state hash) must be the same in every pass.
     */
    static Map<String, Object> medians(List<Map<String, Object>> passes) {
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : passes.get(0).keySet()) {
            Object first = passes.get(0).get(key);
            if (first instanceof Number) {
                double[] values = passes.stream().mapToDouble(p -> ((Number) p.get(key)).doubleValue()).sorted().toArray();
                double median = values[values.length / 2];
                medians.put(key, first instanceof Double ? (Object) median : (Object) Math.round(median));
            } else {
                if (passes.stream().anyMatch(p -> !p.get(key).equals(first))) {
                    throw new IllegalStateException(key + " differs between passes");
                }
                medians.put(key, first);
            }
        }
        return medians;
    }
}
