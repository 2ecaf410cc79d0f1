package org.raven.onnx;

import java.nio.file.Path;
import java.util.List;
import org.raven.api.Problem;
import org.raven.api.model.ModelSourceSpec;

/**
 * {@code {"type": "onnx", "encoder": "enc.onnx", "decoder": "dec.onnx", "mu": "mu", "logVar": "logvar"}}: a VAE
 * exported to ONNX (for example with {@code torch.onnx.export}).
 *
 * <p>mu and logVar are found among the encoder's outputs either by name ({@code mu}, {@code logVar}) or, with
 * {@code splitOutput}, as the first and second half of one output's columns (the {@code torch.chunk(h, 2)}
 * convention).
 *
 * @param encoder       the encoder's .onnx file; relative names are read from the spec file's folder; default
 *                      {@code encoder.onnx}
 * @param decoder       the decoder's .onnx file (z -> image), or null for none: decoding attacks and plots are skipped
 * @param mu            the encoder output holding mu; default {@code mu} unless {@code splitOutput} is set
 * @param logVar        the encoder output holding log sigma^2; default {@code logvar} unless {@code splitOutput} is set
 * @param splitOutput   one encoder output {@code [batch, 2 * latentDim]} whose first half is mu and second logVar;
 *                      default none
 * @param decoderLogits true when the decoder ends before its sigmoid (outputs logits); default false (outputs means
 *                      in [0, 1])
 * @param precision     {@code float32} (default) or {@code float64}: the type the graph computes in
 */
public record OnnxSpec(String encoder, String decoder, String mu, String logVar, String splitOutput,
                       Boolean decoderLogits, String precision) implements ModelSourceSpec {

    public static final String DEFAULT_ENCODER = "encoder.onnx";
    public static final String DEFAULT_MU = "mu";
    public static final String DEFAULT_LOG_VAR = "logvar";
    public static final List<String> PRECISIONS = List.of("float32", "float64");

    public OnnxSpec {
        if (encoder == null) {
            encoder = DEFAULT_ENCODER;
        }
        if (splitOutput == null) {
            mu = mu == null ? DEFAULT_MU : mu;
            logVar = logVar == null ? DEFAULT_LOG_VAR : logVar;
        }
        if (decoderLogits == null) {
            decoderLogits = false;
        }
        if (precision == null) {
            precision = "float32";
        }
    }

    /** Encoder and decoder files with mu and logVar as named outputs, float32. */
    public static OnnxSpec of(Path encoder, Path decoder, String mu, String logVar) {
        return new OnnxSpec(encoder.toString(), decoder == null ? null : decoder.toString(), mu, logVar, null, null, null);
    }

    @Override
    public List<Problem> validate() {
        Problem.Collector c = new Problem.Collector();
        c.check(!encoder.isBlank(), "encoder", "must name the encoder's .onnx file");
        c.check(decoder == null || !decoder.isBlank(), "decoder", "must name the decoder's .onnx file, or be left out");
        if (splitOutput != null) {
            c.check(!splitOutput.isBlank(), "splitOutput", "must name an encoder output");
            c.check(mu == null && logVar == null, "splitOutput",
                    "set either splitOutput or mu and logVar, not both (was mu=" + mu + ", logVar=" + logVar + ")");
        }
        c.check(PRECISIONS.contains(precision), "precision", "must be one of " + PRECISIONS + " (was " + precision + ")");
        return c.problems();
    }

    @Override
    public OnnxSpec resolveAgainst(Path folder) {
        return new OnnxSpec(resolve(folder, encoder), decoder == null ? null : resolve(folder, decoder),
                mu, logVar, splitOutput, decoderLogits, precision);
    }

    @Override
    public List<Path> files() {
        return decoder == null ? List.of(Path.of(encoder)) : List.of(Path.of(encoder), Path.of(decoder));
    }

    private static String resolve(Path folder, String file) {
        Path path = Path.of(file);
        return path.isAbsolute() ? file : folder.resolve(path).normalize().toString();
    }
}
