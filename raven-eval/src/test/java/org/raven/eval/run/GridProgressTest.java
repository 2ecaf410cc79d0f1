package org.raven.eval.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GridProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND); // any origin: only differences count

    @Test
    void noEstimateBeforeTheFirstCellThenMeanTimePerCellTimesCellsLeft() {
        GridProgress progress = new GridProgress(9, 0, now::get);
        now.addAndGet(10 * SECOND);
        GridProgress.Snapshot start = progress.snapshot();
        assertThat(start.hasEstimate()).isFalse();
        assertThat(start.describe(false, 10)).isEqualTo("0/9 cells (0%), 0:10 elapsed, time left unknown yet");

        now.addAndGet(20 * SECOND); // first cell after 30 s
        GridProgress.Snapshot one = progress.cellFinished();
        assertThat(one.done()).isEqualTo(1);
        assertThat(one.leftNanos()).isEqualTo(8 * 30 * SECOND);
        assertThat(one.describe(false, 10)).isEqualTo("1/9 cells (11%), 0:30 elapsed, about 4:00 left");

        now.addAndGet(60 * SECOND); // second after 90 s: 45 s per cell, 7 left
        GridProgress.Snapshot two = progress.cellFinished();
        assertThat(two.leftNanos()).isEqualTo(7 * 45 * SECOND);
        assertThat(two.describe(true, 9)).isEqualTo("[##-------] 2/9 cells (22%), 1:30 elapsed, about 5:15 left");
    }

    @Test
    void resumedCellsCountAsDoneButNotInTheRate() {
        GridProgress progress = new GridProgress(6, 4, now::get);
        assertThat(progress.snapshot().describe(false, 10)).isEqualTo("4/6 cells (66%), 0:00 elapsed, time left unknown yet");
        now.addAndGet(40 * SECOND);
        GridProgress.Snapshot five = progress.cellFinished();
        assertThat(five.doneThisRun()).isEqualTo(1);
        assertThat(five.leftNanos()).isEqualTo(40 * SECOND); // one cell left at 40 s per cell run here
        now.addAndGet(50 * SECOND);
        GridProgress.Snapshot all = progress.cellFinished();
        assertThat(all.leftNanos()).isZero();
        assertThat(all.describe(true, 4)).isEqualTo("[####] 6/6 cells (100%), 1:30 elapsed, finished");
        assertThatThrownBy(progress::cellFinished).isInstanceOf(IllegalStateException.class)
                .hasMessage("more cells finished than the grid holds (6)");
    }

    @Test
    void parallelWorkersShortenTheEstimate() {
        // two workers: two 60 s cells finish together at 60 s, so the grid runs at 30 s per cell
        GridProgress progress = new GridProgress(6, 0, now::get);
        now.addAndGet(60 * SECOND);
        progress.cellFinished();
        GridProgress.Snapshot two = progress.cellFinished();
        assertThat(two.leftNanos()).isEqualTo(4 * 30 * SECOND);
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertThat(GridProgress.clock(0)).isEqualTo("0:00");
        assertThat(GridProgress.clock(59_600_000_000L)).isEqualTo("1:00");
        assertThat(GridProgress.clock(3599 * SECOND)).isEqualTo("59:59");
        assertThat(GridProgress.clock(3 * 3600 * SECOND + 61 * SECOND)).isEqualTo("3:01:01");
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> new GridProgress(3, 4, now::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("need 0 <= alreadyDone <= total (were 4, 3)");
    }

    @Test
    void countsEveryCellOnceUnderConcurrentReports() throws Exception {
        int cells = 2000;
        GridProgress progress = new GridProgress(cells, 0, System::nanoTime);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < cells; i++) {
                done.add(pool.submit(() -> progress.cellFinished().done()));
            }
            List<Integer> seen = new ArrayList<>();
            for (Future<Integer> f : done) {
                seen.add(f.get());
            }
            // each report saw a distinct count: 1..cells, none lost or doubled
            assertThat(seen).doesNotHaveDuplicates().hasSize(cells).allMatch(d -> d >= 1 && d <= cells);
        } finally {
            pool.shutdownNow();
        }
        assertThat(progress.snapshot().done()).isEqualTo(cells);
    }
}
