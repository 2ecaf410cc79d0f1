package org.raven.api.model;

/** An encoder with a decoder: what reconstruction attacks need. */
public interface AutoEncoder extends DifferentiableEncoder {

    DifferentiableDecoder decoder();
}
