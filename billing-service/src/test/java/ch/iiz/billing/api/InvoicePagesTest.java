package ch.iiz.billing.api;

import ch.iiz.billing.tariff.InvoiceTotals;
import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.InvoiceLine;
import net.codecrete.qrbill.generator.Address;
import net.codecrete.qrbill.generator.Bill;
import net.codecrete.qrbill.generator.Language;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice PDF carries every line and the totals above the QR-bill, on as many pages as the lines need (18 lines
 * fit above the payment part of the first page).
 */
class InvoicePagesTest {

    static final BillingParties.Party CREDITOR = new BillingParties.Party("JC-HE-KASSEL", "Jobcenter Stadt Kassel",
            "Grafenstrasse", "9", "34117", "Kassel", "DE", Optional.of("CH9130808000000001007"));
    static final BillingParties.Party DEBTOR = new BillingParties.Party("SA-HE-KASSEL", "Stadt Kassel, Sozialamt",
            "Obere Koenigsstrasse", "8", "34117", "Kassel", "DE", Optional.empty());

    static BillingQueries.Invoice invoice(int lines) {
        List<InvoiceLine> list = new ArrayList<>();
        List<BigDecimal> amounts = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            BigDecimal amount = new BigDecimal("1234.56");
            list.add(new InvoiceLine(i, "ch-" + i, "case-" + i, ChargeKind.COURSE_SEAT, LocalDate.of(2026, 10, 20),
                    LocalDate.of(2026, 10, 20), BigDecimal.ONE, amount, amount, List.of(UUID.randomUUID()), null));
            amounts.add(amount);
        }
        InvoiceTotals totals = InvoiceTotals.of(amounts);
        return new BillingQueries.Invoice("INV-2026-10-JC-HE-KASSEL-SA-HE-KASSEL", "INVOICE", CREDITOR.institutionId(),
                DEBTOR.institutionId(), "2026-10", LocalDate.of(2026, 11, 29), totals.netChf(), totals.roundingChf(),
                totals.totalChf(), null, list, BigDecimal.ZERO, totals.totalChf(), List.of());
    }

    static Bill bill(BillingQueries.Invoice invoice) {
        Bill bill = new Bill();
        bill.setAccount(CREDITOR.iban().orElseThrow());
        bill.setAmount(invoice.totalChf());
        Address creditor = new Address();
        creditor.setName(CREDITOR.name());
        creditor.setPostalCode(CREDITOR.postalCode());
        creditor.setTown(CREDITOR.town());
        creditor.setCountryCode("DE");
        bill.setCreditor(creditor);
        bill.setReference(InvoiceDocuments.reference(invoice.invoiceId(), CREDITOR.iban().orElseThrow()));
        bill.updateReferenceType();
        bill.getFormat().setLanguage(Language.DE);
        return bill;
    }

    @ParameterizedTest(name = "{0} lines -> {1} page(s)")
    @CsvSource({"1, 1", "18, 1", "19, 2", "60, 2", "120, 3"})
    void every_line_and_the_total_are_printed_and_the_payment_part_is_on_the_last_page(int lines, int pages)
            throws Exception {
        BillingQueries.Invoice invoice = invoice(lines);
        byte[] pdf = InvoicePages.render(invoice, CREDITOR, Optional.of(DEBTOR), bill(invoice));
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/invoice-" + lines + "-lines.pdf"), pdf); // to look at
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(pages);
            String text = new PDFTextStripper().getText(document);
            for (int i = 1; i <= lines; i++) {
                assertThat(text).contains("case-" + i + " ");
            }
            assertThat(text).contains("Kursplatz").contains("Stadt Kassel, Sozialamt")
                    .contains("Total CHF " + invoice.totalChf().toPlainString());
            PDFTextStripper last = new PDFTextStripper();
            last.setStartPage(pages);
            assertThat(last.getText(document)).contains("Zahlteil").contains("Total CHF");
        }
    }
}
