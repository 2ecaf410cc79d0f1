package org.raven.eval.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.raven.api.Plugin;
import org.raven.api.PluginKind;
import org.raven.api.PluginRegistry;
import org.raven.eval.Plugins;

/**
 * Walks a JSON tree alongside the record types it will be read into and reports, all at once, every
 * unknown key and every unknown or missing plugin {@code "type"}. Offending nodes are removed from the
 * tree so that the rest can still be bound and range-checked.
 */
final class TreeChecker {

    static final String TYPE = "type";

    private final ObjectMapper mapper;
    private final Plugins plugins;
    private final List<org.raven.api.Problem> problems;
    private final List<String> poisoned;

    TreeChecker(ObjectMapper mapper, Plugins plugins, List<org.raven.api.Problem> problems, List<String> poisoned) {
        this.mapper = mapper;
        this.plugins = plugins;
        this.problems = problems;
        this.poisoned = poisoned;
    }

    /**
     * Checks {@code node} (read as {@code type}) at {@code path}.
     *
     * @return false when the node is unusable and its parent should drop it
     */
    boolean check(JsonNode node, JavaType type, String path) {
        if (node == null || node.isNull()) {
            return true;
        }
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (!check(array.get(i), type.getContentType(), path + "[" + i + "]")) {
                        array.set(i, (JsonNode) null);
                    }
                }
            }
            return true;
        }
        if (type.isMapLikeType()) {
            if (node instanceof ObjectNode object) {
                for (Map.Entry<String, JsonNode> e : object.properties()) {
                    check(e.getValue(), type.getContentType(), path + "." + e.getKey());
                }
            }
            return true;
        }
        PluginKind kind = Plugins.kindOfSpecBase(raw).orElse(null);
        if (kind != null) {
            return checkPlugin(node, kind, path);
        }
        if (raw.isRecord() && node instanceof ObjectNode object) {
            checkRecord(object, raw, path, false);
        }
        return true;
    }

    private boolean checkPlugin(JsonNode node, PluginKind kind, String path) {
        if (!(node instanceof ObjectNode object)) {
            fail(path, "expected an object (was " + SpecReader.describe(node) + ")", path);
            return false;
        }
        PluginRegistry<?> registry = plugins.registry(kind);
        JsonNode id = object.get(TYPE);
        String idPath = path + "." + TYPE;
        if (id == null || id.isNull()) {
            fail(idPath, SpecMapper.missingTypeMessage(registry), path);
            return false;
        }
        if (!id.isTextual()) {
            fail(idPath, "expected a string (was " + SpecReader.describe(id) + ")", path);
            return false;
        }
        Plugin<?, ?> provider = registry.find(id.asText()).orElse(null);
        if (provider == null) {
            fail(idPath, registry.unknownMessage(id.asText()), path);
            return false;
        }
        checkRecord(object, provider.specType(), path, true);
        return true;
    }

    private void checkRecord(ObjectNode object, Class<?> recordType, String path, boolean typed) {
        if (!recordType.isRecord()) {
            return;
        }
        Map<String, JavaType> components = new LinkedHashMap<>();
        for (RecordComponent c : recordType.getRecordComponents()) {
            // @JsonProperty does not target record components; javac copies it to the accessor.
            JsonProperty renamed = c.getAccessor().getAnnotation(JsonProperty.class);
            String key = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
            components.put(key, mapper.constructType(c.getGenericType()));
        }
        TreeSet<String> expected = new TreeSet<>(components.keySet());
        if (typed) {
            expected.add(TYPE);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!components.containsKey(key) && !(typed && key.equals(TYPE))) {
                unknown.add(key);
            }
        }
        for (String key : unknown) {
            String where = path + "." + key;
            problems.add(new org.raven.api.Problem(where, "unknown key '" + key + "'; expected one of: "
                    + String.join(", ", expected)));
            poisoned.add(where);
            object.remove(key);
        }
        for (Map.Entry<String, JavaType> c : components.entrySet()) {
            JsonNode child = object.get(c.getKey());
            if (child != null && !check(child, c.getValue(), path + "." + c.getKey())) {
                object.remove(c.getKey());
            }
        }
    }

    private void fail(String problemPath, String message, String nodePath) {
        problems.add(new org.raven.api.Problem(problemPath, message));
        poisoned.add(nodePath);
    }
}
