package dev.passgate.daemon.verify.shc;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.Corpora;
import dev.passgate.daemon.verify.HolderIdentity;
import org.junit.jupiter.api.Test;

class DccModelTest {
    private static final String ISS = "https://spec.smarthealth.cards/examples/issuer";

    @Test
    void mapsTheSpecExampleImmunizationsInDateOrderWithEuProductsAndCvxFallback() {
        CBORObject bundle = Corpora.json(Corpora.root()
                .resolve("smart-health-cards-examples/examples/example-00-a-fhirBundle.json"));

        CBORObject model = DccModel.of(bundle, ISS);

        assertThat(model.get("ver").AsString()).isEqualTo("1.3.0");
        assertThat(model.get("nam").ToJSONString()).isEqualTo(
                "{\"fn\":\"Anyperson\",\"fnt\":\"ANYPERSON\",\"gn\":\"John B.\",\"gnt\":\"JOHN<B\"}");
        assertThat(model.get("dob").AsString()).isEqualTo("1951-01-20");
        CBORObject v = model.get("v");
        assertThat(v.size()).isEqualTo(3);
        assertThat(v.get(0).ToJSONString()).isEqualTo("{\"tg\":\"840539006\",\"mp\":\"EU/1/20/1507\",\"dn\":1,"
                + "\"sd\":2,\"dt\":\"2021-01-01\",\"is\":\"" + ISS + "\"}");
        assertThat(v.get(1).get("dt").AsString()).isEqualTo("2021-01-29");
        assertThat(v.get(2).get("mp").AsString()).isEqualTo("CVX-229");
        assertThat(v.get(2).get("dn").AsInt32()).isEqualTo(3);
        assertThat(v.get(2).get("sd").AsInt32()).as("a third dose is a booster, 3/3 in the EU encoding")
                .isEqualTo(3);
        assertThat(model.get("t")).isNull();
    }

    @Test
    void ordersDosesByDateNotByBundleOrderAndLeavesOutOtherVaccines() {
        CBORObject bundle = CBORObject.FromJSONString("{\"resourceType\":\"Bundle\",\"type\":\"collection\","
                + "\"entry\":[" + ShcTestIssuer.immunization(1, "212", "2021-06-01T10:00:00+02:00") + ","
                + ShcTestIssuer.immunization(2, "210", "2021-03-01") + ","
                + ShcTestIssuer.immunization(3, "140", "2021-01-01") + "]}");

        CBORObject v = DccModel.of(bundle, ISS).get("v");

        assertThat(v.size()).isEqualTo(2);
        assertThat(v.get(0).get("mp").AsString()).isEqualTo("EU/1/21/1529");
        assertThat(v.get(1).get("mp").AsString()).isEqualTo("EU/1/20/1525");
        assertThat(v.get(1).get("dt").AsString()).isEqualTo("2021-06-01");
        assertThat(v.get(1).get("sd").AsInt32()).isEqualTo(2);
    }

    @Test
    void mapsSarsCov2LabResultsToTestEntries() {
        CBORObject payload = Corpora.json(Corpora.root().resolve(
                "shc-dev-tools-testdata/testdata/test-example-covid-lab-jwspayload-missing-lab-vc-type.json"));
        CBORObject bundle = payload.get("vc").get("credentialSubject").get("fhirBundle");
        CBORObject naat = CBORObject.FromJSONString(bundle.ToJSONString().replace("94558-4", "94500-6")
                .replace("260373001", "260415000"));

        CBORObject antigen = DccModel.of(bundle, ISS).get("t").get(0);
        CBORObject pcr = DccModel.of(naat, ISS).get("t").get(0);

        assertThat(antigen.ToJSONString()).isEqualTo("{\"tg\":\"840539006\",\"tt\":\"LP217198-3\",\"sc\":"
                + "\"2021-02-17\",\"tr\":\"260373001\",\"is\":\"" + ISS + "\"}");
        assertThat(pcr.get("tt").AsString()).isEqualTo("LP6464-4");
        assertThat(pcr.get("tr").AsString()).isEqualTo("260415000");
    }

    @Test
    void givesTheSameHolderIdentityAsTheEquivalentEuDcc() {
        CBORObject bundle = CBORObject.FromJSONString("{\"resourceType\":\"Bundle\",\"type\":\"collection\","
                + "\"entry\":[{\"fullUrl\":\"resource:0\",\"resource\":{\"resourceType\":\"Patient\",\"name\":[{"
                + "\"family\":\"Müller-Lüdenscheidt\",\"given\":[\"José\",\"D'Arcy\"]}],\"birthDate\":\"1964-08-12\""
                + "}}]}");
        CBORObject dcc = CBORObject.FromJSONString("{\"nam\":{\"fn\":\"Müller-Lüdenscheidt\",\"fnt\":"
                + "\"MUELLER<LUEDENSCHEIDT\",\"gn\":\"José D'Arcy\",\"gnt\":\"JOSE<DARCY\"},\"dob\":\"1964-08-12\"}");

        CBORObject model = DccModel.of(bundle, ISS);

        assertThat(model.get("nam").get("fnt").AsString()).isEqualTo("MUELLER<LUEDENSCHEIDT");
        assertThat(model.get("nam").get("gnt").AsString()).isEqualTo("JOSE<DARCY");
        assertThat(HolderIdentity.ofHcert(model)).isEqualTo(HolderIdentity.ofHcert(dcc));
    }

    @Test
    void standardisedNamesKeepNonLatinScripts() {
        assertThat(HolderIdentity.standardised("Иванова")).isEqualTo("ИВАНОВА");
        assertThat(HolderIdentity.standardised(" van der  Berg ")).isEqualTo("VAN<DER<BERG");
        assertThat(HolderIdentity.standardised("Straße")).isEqualTo("STRASSE");
    }
}
