package org.raven.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void collectorReportsEveryProblemWithUniformMessages() {
        List<Problem> problems = new Problem.Collector()
                .positive("tau", 0.0)
                .inHalfOpen("rho", 1.0, 0, 1)
                .nonNegative("sigma", -0.1)
                .inClosed("rate", 1.5, 0, 1)
                .positive("ok", 2)
                .positive("absent", null)
                .problems();
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "tau - must be > 0 (was 0.0)",
                "rho - must be in [0.0, 1.0) (was 1.0)",
                "sigma - must be >= 0 (was -0.1)",
                "rate - must be in [0.0, 1.0] (was 1.5)");
    }

    @Test
    void nanIsOutOfEveryRange() {
        assertThat(new Problem.Collector().positive("tau", Double.NaN).problems())
                .extracting(Problem::toString).containsExactly("tau - must be > 0 (was NaN)");
    }

    @Test
    void nestedPathsJoinWithDotsAndBrackets() {
        assertThat(new Problem("tau", "m").under("$.models[2].prior").path()).isEqualTo("$.models[2].prior.tau");
        assertThat(new Problem("[1]", "m").under("$.hidden").path()).isEqualTo("$.hidden[1]");
        assertThat(new Problem("", "m").under("$.seeds").path()).isEqualTo("$.seeds");
    }
}
