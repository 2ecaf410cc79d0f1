package org.raven.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/** ONNX {@code TensorProto} to and from ND4J arrays: float, double, int32 and int64, raw or typed storage. */
final class OnnxTensors {

    private OnnxTensors() {
    }

    /** The tensor as an array; floating tensors in {@code floatType}, integer tensors as LONG. */
    static INDArray toArray(Onnx.TensorProto t, DataType floatType) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean isRaw = !t.getRawData().isEmpty();
        INDArray out;
        switch (t.getDataType()) {
            case Onnx.TensorProto.DataType.FLOAT_VALUE -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = isRaw ? raw.getFloat(4 * i) : t.getFloatData(i);
                }
                out = Nd4j.create(v, shape, DataType.DOUBLE).castTo(floatType);
            }
            case Onnx.TensorProto.DataType.DOUBLE_VALUE -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = isRaw ? raw.getDouble(8 * i) : t.getDoubleData(i);
                }
                out = Nd4j.create(v, shape, DataType.DOUBLE).castTo(floatType);
            }
            case Onnx.TensorProto.DataType.INT64_VALUE -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = isRaw ? raw.getLong(8 * i) : t.getInt64Data(i);
                }
                out = Nd4j.createFromArray(v).reshape(shape);
            }
            case Onnx.TensorProto.DataType.INT32_VALUE -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = isRaw ? raw.getInt(4 * i) : t.getInt32Data(i);
                }
                out = Nd4j.createFromArray(v).reshape(shape);
            }
            default -> throw new IllegalArgumentException("tensor '" + t.getName() + "' has ONNX data type "
                    + Onnx.TensorProto.DataType.forNumber(t.getDataType()) + "; supported: FLOAT, DOUBLE, INT32, INT64");
        }
        return out;
    }

    /** A float32 tensor named {@code name} holding {@code a} (row-major), stored raw. */
    static Onnx.TensorProto floatTensor(String name, INDArray a) {
        float[] v = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bytes.putFloat(f);
        }
        bytes.flip();
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE).setRawData(ByteString.copyFrom(bytes));
        for (long d : a.shape()) {
            t.addDims(d);
        }
        return t.build();
    }
}
