package org.raven.eval.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.eval.Plugins;

/**
 * The one place the JSON mapper for specs and results is configured: strict (unknown keys, trailing
 * tokens, duplicate keys, floats for ints and strings for numbers are errors), and polymorphic by
 * logical id only: a {@link NamedType} per discovered provider of every kind.
 */
public final class SpecMapper {

    private SpecMapper() {
    }

    /** A mapper that reads and writes every spec type of {@code plugins}. */
    public static ObjectMapper create(Plugins plugins) {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addHandler(new UnknownTypeHandler(plugins))
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        for (PluginKind kind : PluginKind.values()) {
            for (Plugin<?, ?> provider : plugins.registry(kind).providers()) {
                mapper.registerSubtypes(new NamedType(provider.specType(), provider.id()));
            }
        }
        return mapper;
    }

    /** Turns Jackson's unknown/missing type id errors into the registry's "available: ..." message. */
    private static final class UnknownTypeHandler extends DeserializationProblemHandler {
        private final Plugins plugins;

        UnknownTypeHandler(Plugins plugins) {
            this.plugins = plugins;
        }

        @Override
        public JavaType handleUnknownTypeId(DeserializationContext ctxt, JavaType baseType, String subTypeId,
                TypeIdResolver idResolver, String failureMsg) throws IOException {
            PluginKind kind = Plugins.kindOfSpecBase(baseType.getRawClass()).orElse(null);
            if (kind == null) {
                return null;
            }
            throw InvalidTypeIdException.from(ctxt.getParser(), plugins.registry(kind).unknownMessage(subTypeId), baseType, subTypeId);
        }

        @Override
        public JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType,
                TypeIdResolver idResolver, String failureMsg) throws IOException {
            PluginKind kind = Plugins.kindOfSpecBase(baseType.getRawClass()).orElse(null);
            if (kind == null) {
                return null;
            }
            throw InvalidTypeIdException.from(ctxt.getParser(), missingTypeMessage(plugins.registry(kind)), baseType, null);
        }
    }

    /** {@code missing "type"; available: fgsm, latent-skl-pgd}. */
    static String missingTypeMessage(PluginRegistry<?> registry) {
        return "missing \"type\"; available: " + (registry.ids().isEmpty() ? "(none)" : String.join(", ", registry.ids()));
    }

}
