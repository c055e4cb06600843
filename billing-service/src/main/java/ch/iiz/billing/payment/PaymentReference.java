package ch.iiz.billing.payment;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The payment reference of an invoice: a 20-digit number derived from the invoice id (so a rebuild gives the same one),
 * written as a Swiss QR reference (QRR: 27 digits, the last a modulo-10-recursive check digit) when the creditor's
 * account is a QR-IBAN, otherwise as an ISO 11649 creditor reference (RF, two check digits, the number). Both forms
 * read back to the same number, which is how a payment finds its invoice.
 */
public final class PaymentReference {

    private static final int[] MOD10_TABLE = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};
    private static final BigInteger TEN_POW_20 = BigInteger.TEN.pow(20);

    private PaymentReference() {
    }

    /** The invoice's reference number: 20 digits. */
    public static String numberOf(String invoiceId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(invoiceId.getBytes(StandardCharsets.UTF_8));
            return String.format("%020d", new BigInteger(1, hash).mod(TEN_POW_20));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The QR reference: the number padded to 26 digits and its modulo-10-recursive check digit. */
    public static String qrr(String number) {
        String body = "0".repeat(26 - number.length()) + number;
        return body + mod10Recursive(body);
    }

    /** The ISO 11649 creditor reference: RF, check digits (ISO 7064 mod 97-10), the number. */
    public static String scor(String number) {
        String numeric = toDigits(number + "RF00");
        int check = 98 - new BigInteger(numeric).mod(BigInteger.valueOf(97)).intValue();
        return "RF" + String.format("%02d", check) + number;
    }

    /** The check digit of the Swiss modulo 10 recursive (ESR/QRR) scheme. */
    public static int mod10Recursive(String digits) {
        int carry = 0;
        for (int i = 0; i < digits.length(); i++) {
            carry = MOD10_TABLE[(carry + (digits.charAt(i) - '0')) % 10];
        }
        return (10 - carry) % 10;
    }

    /** The reference number a QRR or RF reference (spaces allowed) carries, if it is well formed and its check holds. */
    public static Optional<String> parse(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String r = reference.replace(" ", "").toUpperCase();
        if (r.matches("[0-9]{27}")) {
            if (mod10Recursive(r.substring(0, 26)) != r.charAt(26) - '0') {
                return Optional.empty();
            }
            String body = r.substring(0, 26);
            return body.startsWith("000000") ? Optional.of(body.substring(6)) : Optional.empty();
        }
        if (r.matches("RF[0-9]{2}[0-9A-Z]{1,21}")) {
            String rearranged = r.substring(4) + r.substring(0, 4);
            if (new BigInteger(toDigits(rearranged)).mod(BigInteger.valueOf(97)).intValue() != 1) {
                return Optional.empty();
            }
            String body = r.substring(4);
            return body.matches("[0-9]{20}") ? Optional.of(body) : Optional.empty();
        }
        return Optional.empty();
    }

    private static String toDigits(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        }
        return b.toString();
    }
}
