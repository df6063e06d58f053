package dev.passgate.daemon.verify.schema;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One compiled (sub)schema: the assertions of one JSON Schema object, with {@code $ref} already resolved to the
 * node it points at. Filled in by {@link SchemaCompiler} and never changed afterwards. A field left at its
 * default asserts nothing.
 */
final class SchemaNode {
    static final long UNSET = -1;

    /** The boolean schema {@code false}: nothing is valid. */
    boolean never;
    /** JSON type names from {@code type}; null when any type is allowed. */
    Set<String> types;
    /** Allowed values from {@code enum} or {@code const}; null when any value is allowed. */
    List<CBORObject> allowed;
    List<String> required = List.of();
    Map<String, SchemaNode> properties = Map.of();
    /** {@code additionalProperties}; null when other properties are allowed without a schema. */
    SchemaNode additional;
    SchemaNode items;
    long minItems = UNSET;
    long maxItems = UNSET;
    long minLength = UNSET;
    long maxLength = UNSET;
    Pattern pattern;
    String format;
    EDecimal minimum;
    EDecimal maximum;
    SchemaNode ref;
    List<SchemaNode> allOf = List.of();
    List<SchemaNode> anyOf = List.of();
    List<SchemaNode> oneOf = List.of();
}
