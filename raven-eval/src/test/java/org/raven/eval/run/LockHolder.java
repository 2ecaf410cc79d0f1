package org.raven.eval.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A process that holds the {@link CellLock} of each cell folder given until its standard input ends; prints "locked". */
public final class LockHolder {

    private LockHolder() {
    }

    public static void main(String[] args) throws IOException {
        List<CellLock> locks = new ArrayList<>();
        for (String dir : args) {
            locks.add(CellLock.acquire(Path.of(dir)));
        }
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the test closes the pipe
        }
        locks.forEach(CellLock::close);
    }
}
