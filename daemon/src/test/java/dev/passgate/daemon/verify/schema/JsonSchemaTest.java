package dev.passgate.daemon.verify.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Json;
import dev.passgate.daemon.decode.Limits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keyword subset of {@link JsonSchema}, each keyword met and violated, and the CBOR-as-JSON type mapping. */
class JsonSchemaTest {

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "'\"x\"'          | string  | true",
        "7                | integer | true",
        "7                | number  | true",
        "7.0              | integer | true",
        "7.5              | integer | false",
        "7.5              | number  | true",
        "true             | boolean | true",
        "null             | null    | true",
        "[]               | array   | true",
        "{}               | object  | true",
        "'\"7\"'          | integer | false",
        "7                | string  | false"})
    void mapsJsonValuesToTypes(String json, String type, boolean valid) {
        JsonSchema schema = schema("{\"type\":\"" + type + "\"}");

        assertThat(schema.valid(json(json))).isEqualTo(valid);
    }

    @Test
    void givesCborItemsWithoutAJsonCounterpartNoType() {
        JsonSchema anyType = schema("{\"type\":[\"null\",\"boolean\",\"integer\",\"number\",\"string\",\"array\","
                + "\"object\"]}");

        assertThat(anyType.valid(CBORObject.FromObject(new byte[] {1}))).isFalse();
        assertThat(anyType.valid(CBORObject.Undefined)).isFalse();
        assertThat(anyType.valid(CBORObject.FromObject(Double.NaN))).isFalse();
        assertThat(anyType.valid(CBORObject.NewMap().Add(1, "x"))).isFalse();
        assertThat(anyType.violations(CBORObject.FromObject(new byte[] {1}), 1))
                .containsExactly("(root) is no JSON value, expected array or boolean or integer or null or number "
                        + "or object or string");
    }

    @Test
    void checksTaggedItemsAsTheirContent() {
        JsonSchema string = schema("{\"type\":\"string\",\"format\":\"date-time\"}");

        assertThat(string.valid(CBORObject.FromObjectAndTag("2021-06-01T10:00:00Z", 0))).isTrue();
        assertThat(string.valid(CBORObject.FromObjectAndTag(1_622_541_600L, 1))).isFalse();
    }

    @Test
    void checksObjectsByRequiredPropertiesAndAdditionalProperties() {
        JsonSchema schema = schema("{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":"
                + "\"integer\"}},\"additionalProperties\":false}");

        assertThat(schema.violations(json("{\"a\":1}"), 5)).isEmpty();
        assertThat(schema.violations(json("{}"), 5)).containsExactly("(root) has no required property a");
        assertThat(schema.violations(json("{\"a\":\"x\"}"), 5)).containsExactly("/a is a string, expected integer");
        assertThat(schema.violations(json("{\"a\":1,\"secret\":2}"), 5))
                .containsExactly("/(other property) is not allowed here");
    }

    @Test
    void checksArraysByItemCountAndItemSchema() {
        JsonSchema schema = schema("{\"type\":\"array\",\"minItems\":1,\"maxItems\":2,\"items\":{\"minimum\":1,"
                + "\"maximum\":9}}");

        assertThat(schema.valid(json("[1,9]"))).isTrue();
        assertThat(schema.violations(json("[]"), 5)).containsExactly("(root) has 0 items, expected at least 1");
        assertThat(schema.violations(json("[1,2,3]"), 5)).containsExactly("(root) has 3 items, expected at most 2");
        assertThat(schema.violations(json("[0,10]"), 5))
                .containsExactly("/0 is below the minimum 1", "/1 is above the maximum 9");
    }

    @Test
    void countsStringLengthInCodePoints() {
        JsonSchema schema = schema("{\"minLength\":2,\"maxLength\":2}");

        assertThat(schema.valid(CBORObject.FromObject("\uD83D\uDE00\uD83D\uDE00"))).isTrue();
        assertThat(schema.violations(CBORObject.FromObject("abc"), 1))
                .containsExactly("(root) has 3 characters, expected at most 2");
    }

    @Test
    void searchesPatternsUnlessTheyAnchorThemselves() {
        JsonSchema search = schema("{\"pattern\":\"[A-Z]{1,10}\"}");
        JsonSchema anchored = schema("{\"pattern\":\"^[A-Z]{1,10}$\"}");

        assertThat(search.valid(CBORObject.FromObject("xx AT yy"))).isTrue();
        assertThat(anchored.valid(CBORObject.FromObject("xx AT yy"))).isFalse();
        assertThat(search.valid(CBORObject.FromObject(""))).isFalse();
    }

    @Test
    void countsCatastrophicBacktrackingAsNoMatch() {
        JsonSchema version = schema("{\"pattern\":\"^\\\\d+.\\\\d+.\\\\d+$\"}");

        assertThat(version.valid(CBORObject.FromObject("1.3.0"))).isTrue();
        assertThat(version.valid(CBORObject.FromObject("1".repeat(60_000) + "x"))).isFalse();
    }

    @Test
    void resolvesLocalReferencesIncludingRecursiveOnes() {
        JsonSchema tree = schema("{\"$ref\":\"#/$defs/node\",\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":"
                + "{\"kids\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/node\"}},"
                + "\"n\":{\"type\":\"integer\"}}}}}");

        assertThat(tree.valid(json("{\"n\":1,\"kids\":[{\"n\":2,\"kids\":[]}]}"))).isTrue();
        assertThat(tree.violations(json("{\"kids\":[{\"kids\":[{\"n\":\"x\"}]}]}"), 5))
                .containsExactly("/kids/0/kids/0/n is a string, expected integer");
    }

    @Test
    void combinesAlternativesWithOneOfAnyOfAndAllOf() {
        JsonSchema oneOf = schema("{\"oneOf\":[{\"required\":[\"v\"]},{\"required\":[\"t\"]}]}");
        JsonSchema anyOf = schema("{\"anyOf\":[{\"required\":[\"fnt\"]},{\"required\":[\"gnt\"]}]}");
        JsonSchema allOf = schema("{\"allOf\":[{\"minimum\":1},{\"maximum\":2}]}");

        assertThat(oneOf.valid(json("{\"v\":[]}"))).isTrue();
        assertThat(oneOf.violations(json("{\"v\":[],\"t\":[]}"), 5))
                .containsExactly("(root) matches 2 of its 2 alternatives, expected exactly one");
        assertThat(anyOf.valid(json("{\"gnt\":\"X\"}"))).isTrue();
        assertThat(anyOf.violations(json("{}"), 5)).containsExactly("(root) matches none of its 2 alternatives");
        assertThat(allOf.valid(json("3"))).isFalse();
    }

    @Test
    void checksEnumAndConstByValue() {
        assertThat(schema("{\"enum\":[\"a\",1]}").valid(json("1"))).isTrue();
        assertThat(schema("{\"enum\":[\"a\",1]}").valid(json("\"b\""))).isFalse();
        assertThat(schema("{\"const\":\"a\"}").violations(json("\"b\""), 1))
                .containsExactly("(root) is not one of the 1 allowed values");
    }

    @Test
    void reportsAtMostTheRequestedNumberOfViolationsAndNeverAValue() {
        JsonSchema schema = schema("{\"items\":{\"pattern\":\"^[A-Z]+$\",\"maxLength\":3}}");

        List<String> violations = schema.violations(json("[\"secret-name\",\"other-secret\",\"third\"]"), 2);

        assertThat(violations).hasSize(2).allSatisfy(v -> assertThat(v).doesNotContain("secret", "third"));
    }

    @Test
    void refusesSchemasOutsideTheSupportedSubsetWhenCompiling() {
        assertThatThrownBy(() -> schema("{\"properties\":{\"a\":{\"multipleOf\":2}}}"))
                .hasMessage("schema /properties/a/multipleOf: expected a supported keyword");
        assertThatThrownBy(() -> schema("{\"$ref\":\"https://example.org/other.json\"}"))
                .hasMessageContaining("expected a local reference");
        assertThatThrownBy(() -> schema("{\"$ref\":\"#/$defs/missing\"}"))
                .hasMessageContaining("expected a reference to a part of the document");
        assertThatThrownBy(() -> schema("{\"format\":\"email\"}"))
                .hasMessageContaining("expected the format date or date-time");
        assertThatThrownBy(() -> schema("{\"type\":\"text\"}")).hasMessageContaining("expected JSON type names");
    }

    @Test
    void acceptsBooleanSchemas() {
        assertThat(schema("true").valid(json("{}"))).isTrue();
        assertThat(schema("{\"properties\":{\"a\":false}}").valid(json("{\"a\":1}"))).isFalse();
    }

    private static JsonSchema schema(String json) {
        return JsonSchema.compile(json(json));
    }

    private static CBORObject json(String json) {
        Json.Decoded decoded = Json.decode(json, Limits.DEFAULT);
        assertThat(decoded.ok()).as(decoded.failure()).isTrue();
        return decoded.value();
    }
}
