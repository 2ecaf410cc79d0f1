package org.raven.eval.run;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import org.raven.eval.RavenModule;

/**
 * Entry point of a worker process: composes the framework with Guice, computes the one cell whose
 * folder is the argument and writes its {@code result.json}. Exit status 0 on success, 1 on failure.
 */
public final class CellWorker {

    private CellWorker() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CellWorker <cell folder>");
            System.exit(2);
        }
        try {
            Injector injector = Guice.createInjector(RavenModule.withExtensions());
            Path dir = Path.of(args[0]);
            CellResult result = injector.getInstance(CellRunner.class).run(dir);
            injector.getInstance(CellStore.class).writeResult(dir, result);
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
