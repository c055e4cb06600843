package ch.iiz.billing.payment;

import net.codecrete.qrbill.generator.Payments;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentReferenceTest {

    @Test
    void the_qr_reference_has_27_digits_and_the_modulo_10_recursive_check_digit() {
        // the example of the Swiss implementation guidelines: 21 00000 00003 13947 14300 0901 7
        assertThat(PaymentReference.mod10Recursive("21000000000313947143000901")).isEqualTo(7);
        String number = PaymentReference.numberOf("INV-2026-03-RAV-AG-AARAU-SD-AG-MENZIKEN");
        assertThat(number).hasSize(20).containsOnlyDigits();
        String qrr = PaymentReference.qrr(number);
        assertThat(qrr).hasSize(27).containsOnlyDigits();
        assertThat(Payments.isValidQRReference(qrr)).isTrue();
        assertThat(PaymentReference.parse(qrr)).contains(number);
        assertThat(PaymentReference.parse(Payments.formatQRReferenceNumber(qrr))).contains(number);
    }

    @Test
    void the_creditor_reference_is_iso_11649_and_reads_back_to_the_same_number() {
        String number = PaymentReference.numberOf("INV-2026-06-IV-LU-WAS-RAV-LU-SURSEE");
        String rf = PaymentReference.scor(number);
        assertThat(rf).startsWith("RF").hasSize(24);
        assertThat(Payments.isValidISO11649Reference(rf)).isTrue();
        assertThat(PaymentReference.parse(rf)).contains(number);
        assertThat(PaymentReference.parse(Payments.createISO11649Reference(number))).contains(number);
    }

    @Test
    void references_differ_per_invoice_and_a_wrong_check_digit_matches_nothing() {
        assertThat(PaymentReference.numberOf("INV-2026-03-A-B")).isNotEqualTo(PaymentReference.numberOf("INV-2026-04-A-B"));
        String qrr = PaymentReference.qrr(PaymentReference.numberOf("INV-2026-03-A-B"));
        String broken = qrr.substring(0, 26) + ((qrr.charAt(26) - '0' + 1) % 10);
        assertThat(PaymentReference.parse(broken)).isEmpty();
        assertThat(PaymentReference.parse("RF00" + PaymentReference.numberOf("x"))).isEmpty();
        assertThat(PaymentReference.parse("hello")).isEmpty();
        assertThat(PaymentReference.parse(null)).isEmpty();
    }
}
