package org.raven.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One validation problem: where it is (a JSON path relative to the spec being validated, such as
 * {@code "tau"} or {@code "hidden[1]"}) and what was expected, for example
 * {@code must be > 0 (was 0.0)}.
 */
public record Problem(String path, String message) {

    /** This problem with {@code prefix} put before its path, for nesting specs. */
    public Problem under(String prefix) {
        if (path.isEmpty()) {
            return new Problem(prefix, message);
        }
        return new Problem(path.startsWith("[") ? prefix + path : prefix + "." + path, message);
    }

    @Override
    public String toString() {
        return path + " - " + message;
    }

    /** Collects problems; small helpers for the common range checks keep messages uniform. */
    public static final class Collector {
        private final List<Problem> problems = new ArrayList<>();

        public Collector positive(String path, Number value) {
            if (value != null && !(value.doubleValue() > 0)) {
                add(path, "must be > 0 (was " + value + ")");
            }
            return this;
        }

        public Collector nonNegative(String path, Number value) {
            if (value != null && !(value.doubleValue() >= 0)) {
                add(path, "must be >= 0 (was " + value + ")");
            }
            return this;
        }

        /** Checks {@code min <= value < max}. */
        public Collector inHalfOpen(String path, Number value, double min, double max) {
            if (value != null && !(value.doubleValue() >= min && value.doubleValue() < max)) {
                add(path, "must be in [" + min + ", " + max + ") (was " + value + ")");
            }
            return this;
        }

        /** Checks {@code min <= value <= max}. */
        public Collector inClosed(String path, Number value, double min, double max) {
            if (value != null && !(value.doubleValue() >= min && value.doubleValue() <= max)) {
                add(path, "must be in [" + min + ", " + max + "] (was " + value + ")");
            }
            return this;
        }

        public Collector check(boolean ok, String path, String message) {
            if (!ok) {
                add(path, message);
            }
            return this;
        }

        public Collector add(String path, String message) {
            problems.add(new Problem(path, message));
            return this;
        }

        public Collector addAll(String prefix, List<Problem> nested) {
            nested.forEach(p -> problems.add(p.under(prefix)));
            return this;
        }

        public List<Problem> problems() {
            return List.copyOf(problems);
        }
    }
}
