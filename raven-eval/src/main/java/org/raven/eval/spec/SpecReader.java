package org.raven.eval.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import org.raven.api.Problem;
import org.raven.api.Spec;
import org.raven.eval.Plugins;

/**
 * Reads a spec file into a record and reports every problem at once: malformed JSON (line and
 * column), unknown keys and plugin ids (a pass over the JSON tree against the record components),
 * values of the wrong JSON type (each bad value is set aside and binding retried), and the ranges
 * checked by {@link Spec#validate()}. Each problem is {@code <file>: <json path> - <message>}.
 */
public final class SpecReader {

    private static final int MAX_BINDING_RETRIES = 64;
    /** Jackson's "Numeric value (N) out of range of long (MIN - MAX)". */
    private static final Pattern OUT_OF_RANGE = Pattern.compile("out of range of \\w+ \\((-?\\d+) - (-?\\d+)\\)");

    private final ObjectMapper mapper;
    private final Plugins plugins;

    public SpecReader(ObjectMapper mapper, Plugins plugins) {
        this.mapper = mapper;
        this.plugins = plugins;
    }

    /**
     * Reads and validates {@code file}.
     *
     * @param normalise rewrites the (already checked) tree before binding, for example to merge
     *                  overrides; paths in later messages refer to the rewritten tree
     * @throws SpecException with every problem found, including a missing file
     */
    public <T extends Spec> T read(Path file, Class<T> type, UnaryOperator<JsonNode> normalise) {
        return read(file, type, normalise, value -> List.of());
    }

    /**
     * {@link #read} with {@code checks}: problems found on the bound record beyond {@link Spec#validate()}
     * (for example ones that need the plugins themselves), reported together with every other problem.
     * The record may hold nulls where a value was set aside; paths are relative to {@code $}.
     */
    public <T extends Spec> T read(Path file, Class<T> type, UnaryOperator<JsonNode> normalise,
                                   Function<? super T, List<Problem>> checks) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(name + ": file not found");
        } catch (IOException e) {
            throw new SpecException(name + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(name, text, type, normalise, checks);
    }

    /** {@link #read} for text already in memory; {@code name} prefixes the messages. */
    public <T extends Spec> T parse(String name, String text, Class<T> type, UnaryOperator<JsonNode> normalise) {
        return parse(name, text, type, normalise, value -> List.of());
    }

    /** {@link #read(Path, Class, UnaryOperator, Function)} for text already in memory. */
    public <T extends Spec> T parse(String name, String text, Class<T> type, UnaryOperator<JsonNode> normalise,
                                    Function<? super T, List<Problem>> checks) {
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + " - ";
            // Jackson appends where an unclosed object began, quoting the source; the line and column say enough.
            String reason = e.getOriginalMessage().replaceAll("(?s)\\s*\\(start marker at \\[Source:.*$", "");
            throw new SpecException(name + ": " + where + reason);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new SpecException(name + ": empty file; expected a JSON object");
        }
        if (!tree.isObject()) {
            throw new SpecException(name + ": $ - expected a JSON object (was " + describe(tree) + ")");
        }
        List<Problem> problems = new ArrayList<>();
        List<String> poisoned = new ArrayList<>();
        ObjectNode work = (ObjectNode) tree.deepCopy();
        new TreeChecker(mapper, plugins, problems, poisoned).check(work, mapper.constructType(type), "$");
        JsonNode normalised = normalise.apply(work);

        T value = bind(normalised, type, problems, poisoned);
        if (value != null) {
            List<Problem> found = new ArrayList<>(value.validate());
            found.addAll(checks.apply(value));
            for (Problem p : found) {
                Problem absolute = p.under("$");
                if (!isUnder(absolute.path(), poisoned)) {
                    problems.add(absolute);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems.stream().map(p -> name + ": " + p).toList());
        }
        return value;
    }

    /** Binds, setting aside each value Jackson rejects (and noting why) until the rest binds. */
    private <T> T bind(JsonNode tree, Class<T> type, List<Problem> problems, List<String> poisoned) {
        for (int attempt = 0; attempt < MAX_BINDING_RETRIES; attempt++) {
            try {
                return mapper.treeToValue(tree, type);
            } catch (JsonMappingException e) {
                List<JsonMappingException.Reference> refs = e.getPath();
                String path = pathOf(refs);
                JsonNode bad = nodeAt(tree, refs);
                problems.add(new Problem(path, messageOf(e, bad)));
                poisoned.add(path);
                if (refs.isEmpty() || !remove(tree, refs)) {
                    return null;
                }
            } catch (IllegalArgumentException | JsonProcessingException e) {
                problems.add(new Problem("$", String.valueOf(e.getMessage())));
                return null;
            }
        }
        return null;
    }

    private static String messageOf(JsonMappingException e, JsonNode bad) {
        if (e instanceof InvalidTypeIdException) {
            return e.getOriginalMessage();
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return String.valueOf(e.getCause().getMessage());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && bad != null) {
            return "expected " + expected(mismatch.getTargetType()) + " (was " + describe(bad) + ")";
        }
        String message = e.getOriginalMessage();
        Matcher range = OUT_OF_RANGE.matcher(message);
        if (range.find() && bad != null) {
            return "expected an integer from " + range.group(1) + " to " + range.group(2) + " (was " + describe(bad) + ")";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Words for what a Java type wants from JSON. */
    static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** A short rendering of a JSON value for messages: strings quoted, containers by kind. */
    static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.toString();
    }

    static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode node = root;
        for (JsonMappingException.Reference ref : refs) {
            if (node == null) {
                return null;
            }
            node = ref.getFieldName() != null ? node.get(ref.getFieldName()) : node.get(ref.getIndex());
        }
        return node;
    }

    private static boolean remove(JsonNode root, List<JsonMappingException.Reference> refs) {
        JsonNode parent = nodeAt(root, refs.subList(0, refs.size() - 1));
        JsonMappingException.Reference last = refs.get(refs.size() - 1);
        if (parent instanceof ObjectNode object && last.getFieldName() != null && object.has(last.getFieldName())) {
            object.remove(last.getFieldName());
            return true;
        }
        if (parent instanceof ArrayNode array && last.getFieldName() == null && last.getIndex() >= 0
                && last.getIndex() < array.size()) {
            // Keep indices of later elements stable: a null element is reported by validate() only if
            // it is not under a path already reported.
            array.set(last.getIndex(), (JsonNode) null);
            return true;
        }
        return false;
    }

    static boolean isUnder(String path, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) {
                return true;
            }
        }
        return false;
    }

}
