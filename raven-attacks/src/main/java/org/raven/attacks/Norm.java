package org.raven.attacks;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The perturbation norms the attacks support, by their JSON names {@code "linf"} and {@code "l2"}. */
public enum Norm {
    LINF("linf"),
    L2("l2");

    private final String id;

    Norm(String id) {
        this.id = id;
    }

    /** The JSON name. */
    public String id() {
        return id;
    }

    /** The JSON names, sorted: {@code [l2, linf]}. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Norm::id).sorted().toList();
    }

    /** The norm named {@code id}; throws with the valid names if there is none. */
    public static Norm parse(String id) {
        for (Norm n : values()) {
            if (n.id.equals(id)) {
                return n;
            }
        }
        throw new IllegalArgumentException(invalidMessage(id));
    }

    static String invalidMessage(String id) {
        return "must be one of " + ids() + " (was '" + id + "')";
    }

    /** The norm of each row of {@code e} ({@code [batch, features]}), in double precision. */
    public double[] rowNorms(INDArray e) {
        INDArray n = this == LINF ? e.amax(1) : e.norm2(1);
        return n.toDoubleVector();
    }
}
