package dev.passgate.daemon.verify.schema;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a JSON Schema document into {@link SchemaNode}s. Every subschema is compiled once, keyed by its JSON
 * pointer, so {@code $ref}s to one definition share a node and recursive references terminate. A keyword outside
 * the supported subset, a non-local reference or a malformed value is refused with IllegalArgumentException
 * naming its JSON pointer: a schema is compiled whole or not at all.
 */
final class SchemaCompiler {
    /** Keywords that only annotate: they never make an instance invalid. */
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "$defs", "definitions",
            "title", "description", "examples", "default", "deprecated", "readOnly", "writeOnly", "valueset-uri");
    private static final Set<String> TYPES = Set.of("null", "boolean", "integer", "number", "string", "array",
            "object");

    private final CBORObject document;
    private final Map<String, SchemaNode> byPointer = new HashMap<>();

    private SchemaCompiler(CBORObject document) {
        this.document = document;
    }

    static SchemaNode compile(CBORObject document) {
        return new SchemaCompiler(document).node(document, "");
    }

    private SchemaNode node(CBORObject schema, String pointer) {
        SchemaNode existing = byPointer.get(pointer);
        if (existing != null) {
            return existing;
        }
        SchemaNode node = new SchemaNode();
        byPointer.put(pointer, node);
        if (schema.getType() == CBORType.Boolean) {
            node.never = !schema.AsBoolean();
            return node;
        }
        expect(schema.getType() == CBORType.Map, pointer, "a schema object or boolean");
        for (CBORObject key : schema.getKeys()) {
            expect(key.getType() == CBORType.TextString, pointer, "text keys");
            String name = key.AsString();
            keyword(node, name, schema.get(key), pointer + "/" + escape(name));
        }
        return node;
    }

    private void keyword(SchemaNode node, String name, CBORObject value, String at) {
        switch (name) {
            case "type" -> node.types = types(value, at);
            case "enum" -> {
                expect(value.getType() == CBORType.Array, at, "an array");
                node.allowed = List.copyOf(value.getValues());
            }
            case "const" -> node.allowed = List.of(value);
            case "required" -> node.required = strings(value, at);
            case "properties" -> node.properties = properties(value, at);
            case "additionalProperties" -> node.additional = node(value, at);
            case "items" -> node.items = node(value, at);
            case "minItems" -> node.minItems = count(value, at);
            case "maxItems" -> node.maxItems = count(value, at);
            case "minLength" -> node.minLength = count(value, at);
            case "maxLength" -> node.maxLength = count(value, at);
            case "pattern" -> node.pattern = pattern(value, at);
            case "format" -> {
                expect(value.getType() == CBORType.TextString && Formats.known(value.AsString()), at,
                        "the format date or date-time");
                node.format = value.AsString();
            }
            case "minimum" -> node.minimum = number(value, at);
            case "maximum" -> node.maximum = number(value, at);
            case "$ref" -> node.ref = reference(value, at);
            case "allOf" -> node.allOf = nodes(value, at);
            case "anyOf" -> node.anyOf = nodes(value, at);
            case "oneOf" -> node.oneOf = nodes(value, at);
            default -> expect(ANNOTATIONS.contains(name), at, "a supported keyword");
        }
    }

    private SchemaNode reference(CBORObject value, String at) {
        expect(value.getType() == CBORType.TextString && value.AsString().startsWith("#"), at,
                "a local reference such as #/$defs/name");
        String pointer = value.AsString().substring(1);
        CBORObject target = document;
        if (!pointer.isEmpty()) {
            expect(pointer.startsWith("/"), at, "a JSON pointer after #");
            for (String segment : pointer.substring(1).split("/", -1)) {
                target = target.getType() == CBORType.Map ? target.get(unescape(segment)) : null;
                expect(target != null, at, "a reference to a part of the document");
            }
        }
        return node(target, pointer);
    }

    private Map<String, SchemaNode> properties(CBORObject value, String at) {
        expect(value.getType() == CBORType.Map, at, "an object");
        Map<String, SchemaNode> properties = new LinkedHashMap<>();
        for (CBORObject key : value.getKeys()) {
            expect(key.getType() == CBORType.TextString, at, "text keys");
            properties.put(key.AsString(), node(value.get(key), at + "/" + escape(key.AsString())));
        }
        return Map.copyOf(properties);
    }

    private List<SchemaNode> nodes(CBORObject value, String at) {
        expect(value.getType() == CBORType.Array && value.size() > 0, at, "a non-empty array of schemas");
        List<SchemaNode> nodes = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            nodes.add(node(value.get(i), at + "/" + i));
        }
        return List.copyOf(nodes);
    }

    private static Set<String> types(CBORObject value, String at) {
        List<String> names = value.getType() == CBORType.TextString ? List.of(value.AsString()) : strings(value, at);
        expect(!names.isEmpty() && TYPES.containsAll(names), at, "JSON type names");
        return Set.copyOf(new LinkedHashSet<>(names));
    }

    private static List<String> strings(CBORObject value, String at) {
        expect(value.getType() == CBORType.Array, at, "an array of strings");
        List<String> strings = new ArrayList<>();
        for (CBORObject item : value.getValues()) {
            expect(item.getType() == CBORType.TextString, at, "an array of strings");
            strings.add(item.AsString());
        }
        return List.copyOf(strings);
    }

    private static long count(CBORObject value, String at) {
        expect(value.getType() == CBORType.Integer && value.CanValueFitInInt64() && value.AsInt64Value() >= 0, at,
                "a non-negative integer");
        return value.AsInt64Value();
    }

    private static EDecimal number(CBORObject value, String at) {
        expect(value.getType() == CBORType.Integer || value.getType() == CBORType.FloatingPoint, at, "a number");
        return value.AsNumber().ToEDecimal();
    }

    private static Pattern pattern(CBORObject value, String at) {
        expect(value.getType() == CBORType.TextString, at, "a regular expression");
        try {
            return Pattern.compile(value.AsString());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("schema " + at + ": found a regular expression Java cannot compile, "
                    + "expected an ECMA-262 pattern in the common subset", e);
        }
    }

    private static void expect(boolean condition, String at, String expected) {
        if (!condition) {
            throw new IllegalArgumentException("schema " + (at.isEmpty() ? "(root)" : at) + ": expected "
                    + expected);
        }
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }
}
