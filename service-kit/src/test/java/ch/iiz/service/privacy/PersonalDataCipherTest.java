package ch.iiz.service.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonalDataCipherTest {

    private static final String CLIENT = "cl-7Q2ZK4";
    private static final String FIELD = "MeasureCostRefused[mea-1].reason";

    @Test
    void round_trip() {
        byte[] key = PersonalDataCipher.newKey();
        String clear = "Suchtberatung läuft, Rückfall im März \uD83D\uDE00";
        String sealed = PersonalDataCipher.seal(key, CLIENT, FIELD, clear);
        assertThat(sealed).startsWith("enc:v1:").doesNotContain("Sucht");
        assertThat(PersonalDataCipher.open(key, CLIENT, FIELD, sealed)).isEqualTo(clear);
        // a random nonce: the same text seals differently each time
        assertThat(PersonalDataCipher.seal(key, CLIENT, FIELD, clear)).isNotEqualTo(sealed);
    }

    @Test
    void another_client_or_field_or_key_does_not_open_it() {
        byte[] key = PersonalDataCipher.newKey();
        String sealed = PersonalDataCipher.seal(key, CLIENT, FIELD, "budget exhausted");
        assertThatThrownBy(() -> PersonalDataCipher.open(key, "cl-OTHER1", FIELD, sealed))
                .isInstanceOf(PersonalDataCipher.SealBroken.class).hasMessageNotContaining("budget");
        assertThatThrownBy(() -> PersonalDataCipher.open(key, CLIENT, "MeasureProposed[mea-1].provider", sealed))
                .isInstanceOf(PersonalDataCipher.SealBroken.class);
        assertThatThrownBy(() -> PersonalDataCipher.open(PersonalDataCipher.newKey(), CLIENT, FIELD, sealed))
                .isInstanceOf(PersonalDataCipher.SealBroken.class);
        // client and field cannot be shifted into each other
        String shifted = PersonalDataCipher.seal(key, "ab", "c", "x");
        assertThatThrownBy(() -> PersonalDataCipher.open(key, "a", "bc", shifted))
                .isInstanceOf(PersonalDataCipher.SealBroken.class);
    }

    @Test
    void an_altered_value_does_not_open() {
        byte[] key = PersonalDataCipher.newKey();
        String sealed = PersonalDataCipher.seal(key, CLIENT, FIELD, "budget exhausted");
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        assertThatThrownBy(() -> PersonalDataCipher.open(key, CLIENT, FIELD, altered))
                .isInstanceOf(PersonalDataCipher.SealBroken.class);
        assertThatThrownBy(() -> PersonalDataCipher.open(key, CLIENT, FIELD, "enc:v1:%%%"))
                .isInstanceOf(PersonalDataCipher.SealBroken.class);
    }

    @Test
    void an_erased_key_reads_as_erased() {
        String sealed = PersonalDataCipher.seal(PersonalDataCipher.newKey(), CLIENT, FIELD, "budget exhausted");
        assertThat(PersonalDataCipher.open(null, CLIENT, FIELD, sealed)).isEqualTo(PersonalDataCipher.ERASED);
    }

    @Test
    void values_that_are_not_sealed_pass_as_they_are() {
        byte[] key = PersonalDataCipher.newKey();
        assertThat(PersonalDataCipher.open(key, CLIENT, FIELD, "written before sealing")).isEqualTo("written before sealing");
        assertThat(PersonalDataCipher.open(null, CLIENT, FIELD, null)).isNull();
        assertThat(PersonalDataCipher.seal(key, CLIENT, FIELD, null)).isNull();
    }

    @Test
    void the_longest_free_text_fits_the_event_limit_for_sealed_text() {
        String longest = "ä".repeat(2000); // @FreeText allows 2000 characters, 2 bytes each in UTF-8
        String sealed = PersonalDataCipher.seal(PersonalDataCipher.newKey(), CLIENT, FIELD, longest);
        assertThat(sealed.length()).isLessThanOrEqualTo(12_000);
        String widest = "\u20ac".repeat(2000); // 3 bytes each
        assertThat(PersonalDataCipher.seal(PersonalDataCipher.newKey(), CLIENT, FIELD, widest).length())
                .isLessThanOrEqualTo(12_000);
    }
}
