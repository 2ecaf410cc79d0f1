package org.raven.eval.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.raven.eval.RavenModule;
import org.raven.eval.testplugins.FakeCellRunner;
import org.raven.eval.testplugins.FakeRunnerModule;

/** A parent JVM for {@link WorkerLifecycleTest}: runs the cell folders given as arguments in two worker processes. */
public final class OrphanTestParent {

    private OrphanTestParent() {
    }

    public static void main(String[] args) {
        System.setProperty(RavenModule.EXTENSIONS_PROPERTY, FakeRunnerModule.class.getName());
        List<CellTask> cells = new ArrayList<>();
        for (String dir : args) {
            cells.add(new CellTask(Path.of(dir).getFileName().toString(), Path.of(dir)));
        }
        new LocalExecutor(2, new FakeCellRunner(), new CellStore()).execute(cells);
    }
}
