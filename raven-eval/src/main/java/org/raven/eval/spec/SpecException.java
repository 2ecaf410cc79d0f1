package org.raven.eval.spec;

import java.util.List;

/**
 * Bad user input: every problem found in a spec, each formatted as
 * {@code <file>: <json path> - <message>}. The CLI prints one per line and exits with status 2.
 */
public class SpecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public SpecException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public SpecException(String problem) {
        this(List.of(problem));
    }

    /** The problems, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
