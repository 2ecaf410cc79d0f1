package org.raven.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdoutChatterFilterTest {

    @Test
    void dropsSameDiffChatterAndForwardsEverythingElse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream filtered = new PrintStream(new StdoutChatterFilter(new PrintStream(sink, true, StandardCharsets.UTF_8)),
                true, StandardCharsets.UTF_8);
        filtered.println("Added differentiated op matmul_2");
        filtered.println("something else");
        filtered.print("Added differentiated op relu\nlast line\n");
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("something else\nlast line\n");
        assertThat(StdoutChatterFilter.isChatter("Added differentiated op add_11")).isTrue();
        assertThat(StdoutChatterFilter.isChatter("Added something")).isFalse();
    }
}
