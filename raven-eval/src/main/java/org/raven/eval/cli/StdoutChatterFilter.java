package org.raven.eval.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Replacement for {@code System.out} while the CLI runs: SameDiff prints one
 * {@code Added differentiated op ...} line per op to stdout whenever it builds a gradient function.
 * Those lines are dropped; any other stray library output goes to the target (stderr), so that stdout
 * carries only the command's own output.
 */
final class StdoutChatterFilter extends OutputStream {

    private static final Pattern CHATTER = Pattern.compile("^Added differentiated op .*");

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    StdoutChatterFilter(PrintStream target) {
        this.target = target;
    }

    /** Installs the filter as {@code System.out}; returns the original stream for the command's output. */
    static PrintStream install() {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new StdoutChatterFilter(System.err), true, StandardCharsets.UTF_8));
        return original;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!CHATTER.matcher(text).matches()) {
                target.println(text);
            }
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    /** For tests: whether a line would be dropped. */
    static boolean isChatter(String text) {
        return CHATTER.matcher(text).matches();
    }
}
