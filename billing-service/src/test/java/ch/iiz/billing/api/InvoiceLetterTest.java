package ch.iiz.billing.api;

import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.InvoiceLine;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What a municipality sees on the PDF: every line of the invoice, the totals and the payment part. */
class InvoiceLetterTest {

    private static final BillingParties.Party RAV = new BillingParties.Party("RAV-LU-SURSEE", "RAV Sursee",
            "Centralstrasse", "9", "6210", "Sursee", "CH", Optional.of("CH4431999123000889012"));
    private static final BillingParties.Party SD = new BillingParties.Party("SD-LU-SURSEE", "Stadt Sursee, Sozialdienst",
            "Rathausplatz", "1", "6210", "Sursee", "CH", Optional.empty());

    @Test
    void a_short_invoice_is_one_page_with_its_lines_totals_and_payment_part() throws Exception {
        BillingQueries.Invoice invoice = invoice(3);
        String text = text(InvoiceDocuments.pdf(invoice, RAV, Optional.of(SD)), 1);
        assertThat(pages(InvoiceDocuments.pdf(invoice, RAV, Optional.of(SD)))).isEqualTo(1);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/invoice-letter-3-lines.pdf"), InvoiceDocuments.pdf(invoice, RAV, Optional.of(SD)));
        assertThat(text).contains("Rechnung INV-2025-03-RAV-LU-SURSEE-SD-LU-SURSEE", "Leistungsmonat 2025-03",
                "3f2b9c1e-7a4d-4e8b-9c2a-1d5e6f708192", "Kursplatz (Massnahmenplanung)",
                "Stadt Sursee, Sozialdienst", "CASE-0000", "CASE-0001", "CASE-0002", "AMIplus Tagesansatz",
                "01.03.2025–31.03.2025", "310.00", "Total CHF", "2'164.56", "Zahlteil", "Empfangsschein");
    }

    @Test
    void many_lines_continue_on_further_pages_and_the_payment_part_is_on_the_last() throws Exception {
        BillingQueries.Invoice invoice = invoice(80);
        byte[] pdf = InvoiceDocuments.pdf(invoice, RAV, Optional.of(SD));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target/invoice-letter-80-lines.pdf"), pdf);
        int pages = pages(pdf);
        assertThat(pages).isGreaterThan(1);
        StringBuilder all = new StringBuilder();
        for (int p = 1; p <= pages; p++) {
            String text = text(pdf, p);
            all.append(text);
            assertThat(text.contains("Zahlteil")).as("payment part on page " + p).isEqualTo(p == pages);
            assertThat(text).contains("Seite " + p + "/" + pages);
        }
        for (int i = 0; i < 80; i++) {
            assertThat(all.toString()).contains(String.format("CASE-%04d", i));
        }
        assertThat(all.toString()).contains("24'800.00");
    }

    @Test
    void every_page_count_keeps_the_last_page_free_for_the_payment_part() {
        for (int n = 0; n < 200; n++) {
            List<List<InvoiceLine>> pages = InvoiceLetter.paginate(lines(n));
            assertThat(pages.stream().mapToInt(List::size).sum()).isEqualTo(n);
            assertThat(pages.get(pages.size() - 1).size()).isLessThanOrEqualTo(InvoiceLetter.capacity(pages.size() == 1, true));
            for (int p = 0; p < pages.size() - 1; p++) {
                assertThat(pages.get(p)).isNotEmpty().hasSizeLessThanOrEqualTo(InvoiceLetter.capacity(p == 0, false));
            }
        }
    }

    private static BillingQueries.Invoice invoice(int lineCount) {
        List<InvoiceLine> lines = new ArrayList<>(lines(lineCount));
        if (lineCount < 10) {
            // a case id as long as the system makes them, and a course seat (Hessen)
            lines.add(new InvoiceLine(lineCount + 1, "CS-1", "3f2b9c1e-7a4d-4e8b-9c2a-1d5e6f708192",
                    ChargeKind.COURSE_SEAT, LocalDate.of(2025, 3, 20), LocalDate.of(2025, 3, 20), BigDecimal.ONE,
                    new BigDecimal("1234.56"), new BigDecimal("1234.56"), List.of(UUID.randomUUID()), null));
        }
        BigDecimal net = lines.stream().map(InvoiceLine::amountChf).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new BillingQueries.Invoice("INV-2025-03-RAV-LU-SURSEE-SD-LU-SURSEE", "INVOICE", "RAV-LU-SURSEE",
                "SD-LU-SURSEE", "2025-03", LocalDate.of(2025, 4, 1), net, new BigDecimal("0.00"), net, null, lines,
                BigDecimal.ZERO, net, List.of());
    }

    private static List<InvoiceLine> lines(int n) {
        List<InvoiceLine> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(new InvoiceLine(i + 1, "CH-" + i, String.format("CASE-%04d", i), ChargeKind.AMIPLUS_DAILY,
                    LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31), new BigDecimal("31"), new BigDecimal("10.00"),
                    new BigDecimal("310.00"), List.of(UUID.randomUUID()), null));
        }
        return lines;
    }

    private static int pages(byte[] pdf) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return d.getNumberOfPages();
        }
    }

    private static String text(byte[] pdf, int page) throws Exception {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            return stripper.getText(d);
        }
    }
}
