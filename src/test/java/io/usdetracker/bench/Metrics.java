package io.usdetracker.bench;

import java.util.HashMap;
import java.util.Map;

/** The samples of a Prometheus text answer, by name with its labels ({@code usde_stage_seconds_sum{stage="fetch"}}). */
record Metrics(Map<String, Double> samples) {

    static Metrics parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space).replace(",}", "}"), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(samples);
    }

    /** The sum of every sample of {@code name} whose labels contain {@code label} (e.g. {@code stage="fetch"}). */
    double sum(String name, String label) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String key = e.getKey();
            boolean named = key.equals(name) || key.startsWith(name + "{");
            if (named && (label.isEmpty() || key.contains(label)) && !e.getValue().isNaN()) {
                total += e.getValue();
            }
        }
        return total;
    }

    double value(String name) {
        return samples.getOrDefault(name, Double.NaN);
    }
}
