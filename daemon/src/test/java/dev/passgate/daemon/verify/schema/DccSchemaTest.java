package dev.passgate.daemon.verify.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.Json;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.testing.Corpora;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DccSchema} against the upstream schema suite ({@code ../shared/corpora/eu-dcc-schema}): the 13 valid
 * and 27 example payloads must pass, the 6 invalid ones must fail; and the structural minimum, both ways.
 */
class DccSchemaTest {
    private static final DccSchema SCHEMA = DccSchema.shipped();
    private static final Path SUITE = Corpora.root().resolve("eu-dcc-schema");

    static Stream<Path> valid() {
        return files(SUITE.resolve("test/valid"), 13);
    }

    static Stream<Path> invalid() {
        return files(SUITE.resolve("test/invalid"), 6);
    }

    static Stream<Path> examples() {
        return files(SUITE.resolve("examples"), 27);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"valid", "examples"})
    void upstreamValidPayloadsMeetTheSchemaOfTheirVersion(Path file) {
        DccSchema.Result result = SCHEMA.check(read(file));

        assertThat(result.violations()).as(file.toString()).isEmpty();
        assertThat(result.structurallySound()).isTrue();
        assertThat(result.release()).isEqualTo(read(file).get("ver").AsString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void upstreamInvalidPayloadsFailTheSchema(Path file) {
        DccSchema.Result result = SCHEMA.check(read(file));

        assertThat(result.valid()).as(file.toString()).isFalse();
    }

    @Test
    void invalidPayloadsFailForTheReasonsTheSuiteGives() {
        assertThat(check("missing_dob.json").structuralFailure()).isEqualTo("it has no date of birth text (dob)");
        assertThat(check("empty.json").structuralFailure())
                .isEqualTo("it has entries in 0 of the groups v, t and r, expected exactly one");
        assertThat(check("invalid_vac.json").violations()).containsExactly("/v/0/dn is below the minimum 1");
        assertThat(check("invalid_dob.json").violations()).hasSize(1).first().asString().startsWith("/dob ");
        assertThat(check("missing_fnt_gnt.json").violations())
                .containsExactly("/nam matches none of its 2 alternatives");
        assertThat(check("missing_fnt_gnt.json").structurallySound()).isTrue();
    }

    @Test
    void everyShippedReleaseCompilesAndUnknownVersionsFallBackToTheNewest() {
        CBORObject hcert = read(SUITE.resolve("test/valid/V-min-data.json"));
        assertThat(SCHEMA.releases()).containsExactly("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1",
                "1.3.2", "1.3.3");
        for (String release : SCHEMA.releases()) {
            hcert.set("ver", CBORObject.FromObject(release));
            assertThat(SCHEMA.check(hcert).release()).isEqualTo(release);
        }
        hcert.set("ver", CBORObject.FromObject("1.0.4"));
        assertThat(SCHEMA.check(hcert).release()).isEqualTo(DccSchema.NEWEST);
        hcert.Remove(CBORObject.FromObject("ver"));
        assertThat(SCHEMA.check(hcert).release()).isEqualTo(DccSchema.NEWEST);
        assertThat(SCHEMA.check(hcert).violations())
                .containsExactly("(root) matches 0 of its 3 alternatives, expected exactly one");
    }

    @Test
    void readsEachReleaseByItsOwnRules() {
        CBORObject hcert = read(SUITE.resolve("examples/vaccination/special-case-birthday-year-only.json"));
        hcert.set("ver", CBORObject.FromObject("1.0.0"));
        assertThat(SCHEMA.check(hcert).violations()).anySatisfy(v -> assertThat(v).startsWith("/dob "));
        hcert.set("ver", CBORObject.FromObject("1.2.1"));
        assertThat(SCHEMA.check(hcert).violations()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "BG-style nulls for the absent groups       | t   | null                         | false",
        "an empty array for an absent group         | r   | []                           | false",
        "a date-time for the date of birth          | dob | '\"1978-01-26T00:00:00\"'    | false",
        "an empty country code                      | co  | '\"\"'                       | false",
        "no standardised names                      | nam | '{\"fn\":\"X\"}'             | false",
        "a partial date of birth (allowed by 1.3.3) | dob | '\"1963-00\"'                | true",
        "an empty date of birth (allowed by 1.3.3)  | dob | '\"\"'                       | true"})
    void schemaFailuresAndOdditiesThatKeepTheStructuralMinimum(String label, String key, String json,
                                                               boolean schemaValid) {
        CBORObject hcert = withValue(key, json);

        DccSchema.Result result = SCHEMA.check(hcert);

        assertThat(result.structuralFailure()).as(label).isNull();
        assertThat(result.valid()).as(label).isEqualTo(schemaValid);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "no group at all                    | v   | null                 | entries in 0 of the groups",
        "two groups                         | t   | '[{}]'               | entries in 2 of the groups",
        "an empty vaccination group         | v   | []                   | entries in 0 of the groups",
        "a group that is not an array       | v   | '{}'                 | group v is not an array of maps",
        "a group holding a number           | v   | '[1]'                | group v is not an array of maps",
        "a group beside garbage             | r   | '\"x\"'              | group r is not an array of maps",
        "no name map                        | nam | null                 | no name map (nam)",
        "a name that is a string            | nam | '\"X\"'              | no name map (nam)",
        "no date of birth                   | dob | null                 | no date of birth text (dob)",
        "a date of birth that is a number   | dob | 1963                 | no date of birth text (dob)"})
    void structuralFailuresAreSchemaFailuresToo(String label, String key, String json, String reason) {
        CBORObject hcert = withValue(key, json);

        DccSchema.Result result = SCHEMA.check(hcert);

        assertThat(result.structuralFailure()).as(label).contains(reason);
        assertThat(result.valid()).as(label).isFalse();
    }

    @Test
    void everyRandomStructuralFailureIsASchemaFailure() {
        long seed = 20_240_601L;
        Random random = new Random(seed);
        List<CBORObject> bases = examples().map(DccSchemaTest::read).toList();
        String[] keys = {"v", "t", "r", "nam", "dob", "ver"};
        CBORObject[] values = {CBORObject.Null, CBORObject.NewArray(), CBORObject.NewMap(), CBORObject.FromObject(1),
            CBORObject.FromObject(""), CBORObject.NewArray().Add(CBORObject.NewMap()), CBORObject.True};
        int structural = 0;
        for (int i = 0; i < 5000; i++) {
            CBORObject hcert = CBORObject.DecodeFromBytes(bases.get(random.nextInt(bases.size())).EncodeToBytes());
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                String key = keys[random.nextInt(keys.length)];
                if (random.nextInt(4) == 0) {
                    hcert.Remove(CBORObject.FromObject(key));
                } else {
                    hcert.set(key, values[random.nextInt(values.length)]);
                }
            }
            DccSchema.Result result = SCHEMA.check(hcert);
            if (!result.structurallySound()) {
                structural++;
                assertThat(result.valid()).as("seed %d, case %d", seed, i).isFalse();
            }
        }
        assertThat(structural).as("structural failures among 5000 random edits").isGreaterThan(1000);
    }

    private static CBORObject withValue(String key, String json) {
        CBORObject hcert = read(SUITE.resolve("test/valid/V-min-data.json"));
        CBORObject value = CBORObject.FromJSONString(json);
        CBORObject target = key.equals("co") ? hcert.get("v").get(0) : hcert;
        if (value.isNull() && !key.equals("t")) {
            target.Remove(CBORObject.FromObject(key));
        } else {
            target.set(key, value);
        }
        return hcert;
    }

    private DccSchema.Result check(String invalidFile) {
        return SCHEMA.check(read(SUITE.resolve("test/invalid").resolve(invalidFile)));
    }

    private static CBORObject read(Path file) {
        try {
            Json.Decoded decoded = Json.decode(Files.readString(file, StandardCharsets.UTF_8), Limits.DEFAULT);
            assertThat(decoded.ok()).as(file + ": " + decoded.failure()).isTrue();
            assertThat(decoded.value().getType()).isEqualTo(CBORType.Map);
            return decoded.value();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Stream<Path> files(Path dir, int expected) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(files).as(dir.toString()).hasSize(expected);
        return files.stream();
    }
}
