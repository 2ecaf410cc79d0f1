package org.raven.datasets;

import java.util.List;
import org.raven.api.Problem;
import org.raven.api.data.DatasetSpec;

/**
 * The keys shared by the IDX datasets ({@code mnist}, {@code fashion-mnist}); each dataset has its own
 * record so that JSON names it by its own id.
 */
public interface IdxDatasetSpec extends DatasetSpec {

    /** A folder to search first; null to search only the data home and the system copies. */
    String path();

    /** How many training examples to keep (a seeded random subset); null for all. */
    Integer trainLimit();

    /** How many test examples to keep (a seeded random subset); null for all. */
    Integer testLimit();

    /** Seeds the choice of the subsets when a limit is set; default 0. */
    Long seed();

    /** Whether a SHA-256 mismatch against the known releases is an error (true, default) or a warning. */
    Boolean verify();

    /** Whether missing files may be downloaded from the official mirror (default true; never when offline). */
    Boolean download();

    @Override
    default List<Problem> validate() {
        return new Problem.Collector()
                .check(path() == null || !path().isBlank(), "path", "must not be blank (was \"" + path() + "\"); leave it out to search the default places")
                .positive("trainLimit", trainLimit())
                .positive("testLimit", testLimit())
                .problems();
    }
}
