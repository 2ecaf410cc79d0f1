package org.raven.eval.run;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.raven.eval.RavenModule;

/**
 * Entry point of a worker process: composes the framework with Guice, computes the one cell whose
 * folder is the argument (holding its {@link CellLock}) and writes its {@code result.json}. Exit status 0 on
 * success, 1 on failure, 3 when the parent died, 4 when another live process holds the cell (its message the last line).
 *
 * <p>With {@code --parent PID} the worker dies with its parent: it stops when its standard input ends (the parent
 * holds the pipe's other end, which the OS closes however the parent dies, kill -9 included) or when process PID is
 * gone (checked every half second, in case standard input was not a pipe). A worker left training would otherwise
 * hold its cell against the next {@code --resume}, and burn the machine for a result nobody collects.
 */
public final class CellWorker {

    /** Exit status of a worker whose parent died. */
    public static final int ORPHANED = 3;
    /** Exit status of a worker whose cell another process holds; the lock's message is its last output line. */
    public static final int LOCKED = 4;

    private CellWorker() {
    }

    public static void main(String[] args) {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--parent"))) {
            System.err.println("usage: CellWorker <cell folder> [--parent PID]");
            System.exit(2);
        }
        if (args.length == 3) {
            watchParent(Long.parseLong(args[2]), System.in);
        }
        Path dir = Path.of(args[0]);
        try (CellLock lock = CellLock.acquire(dir)) {
            Injector injector = Guice.createInjector(RavenModule.withExtensions());
            CellResult result = injector.getInstance(CellRunner.class).run(dir);
            injector.getInstance(CellStore.class).writeResult(dir, result);
        } catch (CellLock.CellLockedException e) {
            System.err.println(e.getMessage());
            System.exit(LOCKED);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Halts this JVM when {@code stdin} ends or process {@code parent} is gone (daemon threads). */
    static void watchParent(long parent, InputStream stdin) {
        Thread eof = new Thread(() -> {
            try {
                while (stdin.read() >= 0) {
                    // The parent never writes; anything read is ignored.
                }
            } catch (IOException ignored) {
                // A broken pipe means the same.
            }
            orphaned("standard input closed");
        }, "parent-stdin");
        eof.setDaemon(true);
        eof.start();
        Thread poll = new Thread(() -> {
            ProcessHandle handle = ProcessHandle.of(parent).orElse(null);
            while (handle != null && handle.isAlive()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
            orphaned("parent process " + parent + " is gone");
        }, "parent-poll");
        poll.setDaemon(true);
        poll.start();
    }

    private static void orphaned(String why) {
        System.err.println("raven worker " + ProcessHandle.current().pid() + ": stopping, " + why);
        System.err.flush();
        Runtime.getRuntime().halt(ORPHANED); // no shutdown hooks: nothing of this cell is worth finishing
    }
}
