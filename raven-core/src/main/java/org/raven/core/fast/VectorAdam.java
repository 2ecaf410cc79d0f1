package org.raven.core.fast;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatKernels#adam}'s float loop in the lanes of the JDK's Vector API (incubating in Java 17): the same IEEE
 * multiplies, adds, square root and division per element in the same order, no fused multiply-add, so the results are
 * bit for bit those of the scalar loop (FloatKernelsTest holds them to it), 3-5x faster. C2 does not vectorise the
 * scalar loop because its operands are direct buffers (the gemms need them off the heap), and copying chunks to
 * heap arrays to let it costs most of the gain. Loaded only when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (see {@link FloatKernels#VECTOR_ADAM}); without it the scalar loop runs.
 */
final class VectorAdam {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorAdam() {
    }

    /**
     * Updates elements {@code [from, to)} of the float buffers p, m, v from g; returns the first element not done (the
     * caller finishes the tail of fewer than one vector with the scalar loop).
     */
    static int update(ByteBuffer p, ByteBuffer g, ByteBuffer m, ByteBuffer v, int from, int to, float b1, float b2,
                      float ob1, float ob2, float stepSize, float invSqrtC2, float eps) {
        int lanes = SPECIES.length();
        int i = from;
        for (; i + lanes <= to; i += lanes) {
            int at = i * Float.BYTES;
            FloatVector gi = FloatVector.fromByteBuffer(SPECIES, g, at, ORDER);
            FloatVector mi = FloatVector.fromByteBuffer(SPECIES, m, at, ORDER).mul(b1).add(gi.mul(ob1));
            FloatVector vi = FloatVector.fromByteBuffer(SPECIES, v, at, ORDER).mul(b2).add(gi.mul(ob2).mul(gi));
            mi.intoByteBuffer(m, at, ORDER);
            vi.intoByteBuffer(v, at, ORDER);
            FloatVector pi = FloatVector.fromByteBuffer(SPECIES, p, at, ORDER);
            pi.sub(mi.mul(stepSize).div(vi.sqrt().mul(invSqrtC2).add(eps))).intoByteBuffer(p, at, ORDER);
        }
        return i;
    }
}
