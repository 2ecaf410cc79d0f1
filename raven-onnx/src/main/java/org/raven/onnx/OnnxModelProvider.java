package org.raven.onnx;

import org.raven.api.PluginContext;
import org.raven.api.model.ModelSourceProvider;
import org.raven.api.model.PretrainedModel;

/** {@code "pretrained": {"type": "onnx", ...}}: an encoder (and decoder) read from ONNX files into SameDiff. */
public final class OnnxModelProvider implements ModelSourceProvider<OnnxSpec> {

    @Override
    public String id() {
        return "onnx";
    }

    @Override
    public Class<OnnxSpec> specType() {
        return OnnxSpec.class;
    }

    @Override
    public OnnxSpec defaultSpec() {
        return new OnnxSpec(null, null, null, null, null, null, null);
    }

    @Override
    public PretrainedModel create(OnnxSpec spec, PluginContext context) {
        return OnnxModel.load(spec);
    }

    @Override
    public String description() {
        return "a VAE encoder (and decoder) exported to ONNX, e.g. by torch.onnx.export";
    }
}
