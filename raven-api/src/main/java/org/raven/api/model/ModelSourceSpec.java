package org.raven.api.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.file.Path;
import org.raven.api.Spec;

/**
 * JSON spec of a pretrained model (the {@code "pretrained"} object of a model entry), selected by {@code "type"}.
 * File names in it are relative to the spec file's folder until {@link #resolveAgainst} makes them absolute.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface ModelSourceSpec extends Spec {

    /** This spec with every relative file name resolved against {@code folder} (the spec file's folder). */
    ModelSourceSpec resolveAgainst(Path folder);

    /** The files the model is read from, as named here: a run hashes their contents so that a changed file is rerun. */
    java.util.List<Path> files();
}
