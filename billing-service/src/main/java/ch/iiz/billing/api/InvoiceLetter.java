package ch.iiz.billing.api;

import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.InvoiceLine;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The letter part of an invoice's PDF: who bills whom, for which month, and every line with its case, charge,
 * period and amount, then net, rounding and total. The QR-bill's payment part is drawn onto the bottom of the last
 * page afterwards, so a municipality sees on one sheet what it pays for. Lines that do not fit continue on further
 * pages; the last page keeps the bottom 105 mm free for the payment part.
 */
final class InvoiceLetter {

    private static final float MM = 72f / 25.4f;
    private static final float PAGE_HEIGHT_MM = 297f;
    private static final float LEFT = 20f;
    private static final float RIGHT = 190f;
    private static final float ROW = 4.2f;
    /** The payment part (105 mm) plus room for the totals above it. */
    private static final float LAST_PAGE_BOTTOM = 105f + 20f;
    private static final float PAGE_BOTTOM = 20f;
    private static final float FIRST_TABLE_TOP = 90f;
    private static final float NEXT_TABLE_TOP = 30f;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private final PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final DecimalFormat money = new DecimalFormat("#,##0.00", swiss());

    private final BillingQueries.Invoice invoice;
    private final BillingParties.Party creditor;
    private final Optional<BillingParties.Party> debtor;
    private final String reference;

    InvoiceLetter(BillingQueries.Invoice invoice, BillingParties.Party creditor, Optional<BillingParties.Party> debtor,
                  String reference) {
        this.invoice = invoice;
        this.creditor = creditor;
        this.debtor = debtor;
        this.reference = reference;
    }

    /** The letter as a PDF whose last page leaves the payment part's space free. */
    byte[] render() {
        List<List<InvoiceLine>> pages = paginate(invoice.lines());
        try (PDDocument document = new PDDocument()) {
            for (int i = 0; i < pages.size(); i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (PDPageContentStream out = new PDPageContentStream(document, page)) {
                    float top = i == 0 ? header(out) : NEXT_TABLE_TOP;
                    float y = table(out, top, pages.get(i));
                    if (i == pages.size() - 1) {
                        totals(out, y + 2f);
                    }
                    // At the top: the bottom of the last page belongs to the payment part.
                    text(out, regular, 8, RIGHT, 12f,
                            invoice.invoiceId() + " · Seite " + (i + 1) + "/" + pages.size(), true);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            document.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows per page: the first page starts lower (addresses), the last keeps room for totals and payment part. */
    static List<List<InvoiceLine>> paginate(List<InvoiceLine> lines) {
        int firstFull = capacity(true, false);
        int firstLast = capacity(true, true);
        int nextFull = capacity(false, false);
        int nextLast = capacity(false, true);
        List<List<InvoiceLine>> pages = new ArrayList<>();
        int at = 0;
        boolean first = true;
        while (true) {
            int remaining = lines.size() - at;
            int lastCapacity = first ? firstLast : nextLast;
            if (remaining <= lastCapacity) {
                pages.add(lines.subList(at, lines.size()));
                return pages;
            }
            // Fill this page fully, but never so fully that nothing is left for the page with the payment part.
            int take = Math.min(first ? firstFull : nextFull, remaining - 1);
            pages.add(lines.subList(at, at + take));
            at += take;
            first = false;
        }
    }

    /** How many rows fit below the table head of a page. */
    static int capacity(boolean firstPage, boolean lastPage) {
        float top = firstPage ? FIRST_TABLE_TOP : NEXT_TABLE_TOP;
        float bottom = lastPage ? LAST_PAGE_BOTTOM : PAGE_BOTTOM;
        return (int) ((PAGE_HEIGHT_MM - bottom - top - ROW) / ROW);
    }

    private float header(PDPageContentStream out) throws IOException {
        float y = 22f;
        text(out, bold, 11, LEFT, y, creditor.name(), false);
        text(out, regular, 9, LEFT, y + 4.5f, creditor.street() + " " + creditor.houseNo(), false);
        text(out, regular, 9, LEFT, y + 9f, creditor.postalCode() + " " + creditor.town(), false);
        // The debtor's address where a C5 window envelope shows it.
        float window = 45f;
        float x = 118f;
        if (debtor.isPresent()) {
            BillingParties.Party d = debtor.get();
            text(out, regular, 10, x, window, d.name(), false);
            text(out, regular, 10, x, window + 5f, d.street() + " " + d.houseNo(), false);
            text(out, regular, 10, x, window + 10f, d.postalCode() + " " + d.town(), false);
        } else {
            text(out, regular, 10, x, window, invoice.debtorId(), false);
        }
        String title = ("CREDIT_NOTE".equals(invoice.kind()) ? "Gutschrift " : "Rechnung ") + invoice.invoiceId();
        text(out, bold, 14, LEFT, 70f, title, false);
        String issued = invoice.issuedOn() == null ? "" : " · ausgestellt am " + DAY.format(invoice.issuedOn());
        text(out, regular, 9, LEFT, 76f, "Leistungsmonat " + invoice.month() + issued, false);
        String about = invoice.originalInvoiceId() == null ? "Referenz " + reference
                : "Korrigiert Rechnung " + invoice.originalInvoiceId() + " · Referenz " + reference;
        text(out, regular, 9, LEFT, 80.5f, about, false);
        text(out, regular, 8, LEFT, 85f, "Die Quellereignisse jeder Zeile nennt die CSV-Fassung: GET /invoices/"
                + invoice.invoiceId() + "/csv", false);
        return FIRST_TABLE_TOP;
    }

    private float table(PDPageContentStream out, float top, List<InvoiceLine> lines) throws IOException {
        // The case id is the municipality's reference: never cut, set smaller when long (a UUID still fits).
        float[] col = {LEFT, 67f, 106f, 133f, 152f, 170f};
        text(out, bold, 8, col[0], top, "Fall", false);
        text(out, bold, 8, col[1], top, "Leistung", false);
        text(out, bold, 8, col[2], top, "Zeitraum", false);
        text(out, bold, 8, col[3] + 14f, top, "Menge", true);
        text(out, bold, 8, col[4] + 16f, top, "Ansatz CHF", true);
        text(out, bold, 8, RIGHT, top, "Betrag CHF", true);
        rule(out, top + 1.5f);
        float y = top + ROW + 1f;
        for (InvoiceLine l : lines) {
            text(out, regular, fit(l.caseId(), 45f), col[0], y, l.caseId(), false);
            text(out, regular, 7, col[1], y, clip(label(l.kind()), 38f, 7), false);
            String period = l.periodFrom().equals(l.periodTo()) ? DAY.format(l.periodFrom())
                    : DAY.format(l.periodFrom()) + "–" + DAY.format(l.periodTo());
            text(out, regular, 7, col[2], y, period, false);
            text(out, regular, 8, col[3] + 14f, y, l.quantity().stripTrailingZeros().toPlainString(), true);
            text(out, regular, 8, col[4] + 16f, y, money(l.unitPriceChf()), true);
            text(out, regular, 8, RIGHT, y, money(l.amountChf()), true);
            y += ROW;
        }
        return y;
    }

    private void totals(PDPageContentStream out, float y) throws IOException {
        rule(out, y - 3f);
        text(out, regular, 9, 130f, y + 1f, "Netto", false);
        text(out, regular, 9, RIGHT, y + 1f, money(invoice.netChf()), true);
        text(out, regular, 9, 130f, y + 5.5f, "Rundung 5 Rappen", false);
        text(out, regular, 9, RIGHT, y + 5.5f, money(invoice.roundingChf()), true);
        text(out, bold, 10, 130f, y + 11f, "Total CHF", false);
        text(out, bold, 10, RIGHT, y + 11f, money(invoice.totalChf()), true);
    }

    static String label(ChargeKind kind) {
        return switch (kind) {
            case AMIPLUS_PHASE_1_FLAT -> "AMIplus Phase 1, Pauschale";
            case AMIPLUS_DAILY -> "AMIplus Tagesansatz";
            case EXTERNAL_MEASURE -> "Externe Massnahme";
            case OPTIMA_LEAD_MONTH -> "OPTIMA Fallführung, Monat";
            case COURSE_SEAT -> "Kursplatz (Massnahmenplanung)";
            case CORRECTION -> "Korrektur";
            default -> kind.name();
        };
    }

    private String money(BigDecimal chf) {
        return money.format(chf);
    }

    private static DecimalFormatSymbols swiss() {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        symbols.setGroupingSeparator('\'');
        symbols.setDecimalSeparator('.');
        symbols.setMinusSign('-');
        return symbols;
    }

    /** The largest size from 8 pt down to 5 pt at which {@code s} fits {@code widthMm}. */
    private float fit(String s, float widthMm) throws IOException {
        String safe = encodable(regular, s);
        float size = 8f;
        while (size > 5f && width(regular, size, safe) > widthMm) {
            size -= 0.5f;
        }
        return size;
    }

    private String clip(String s, float widthMm, float size) throws IOException {
        String safe = encodable(regular, s);
        if (width(regular, size, safe) <= widthMm) {
            return safe;
        }
        String cut = safe;
        while (!cut.isEmpty() && width(regular, size, cut + "…") > widthMm) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }

    private void rule(PDPageContentStream out, float yMm) throws IOException {
        out.setLineWidth(0.4f);
        out.moveTo(LEFT * MM, (PAGE_HEIGHT_MM - yMm) * MM);
        out.lineTo(RIGHT * MM, (PAGE_HEIGHT_MM - yMm) * MM);
        out.stroke();
    }

    /** Text at (x, y) in mm from the top left; right-aligned ends at x. */
    private void text(PDPageContentStream out, PDType1Font font, float size, float xMm, float yMm, String s,
                      boolean alignRight) throws IOException {
        String safe = encodable(font, s == null ? "" : s);
        float x = alignRight ? xMm - width(font, size, safe) : xMm;
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x * MM, (PAGE_HEIGHT_MM - yMm) * MM);
        out.showText(safe);
        out.endText();
    }

    private static float width(PDType1Font font, float size, String s) throws IOException {
        return font.getStringWidth(s) / 1000f * size / MM;
    }

    /** Names come from the registry; a character the standard font cannot show becomes '?' instead of failing. */
    private static String encodable(PDType1Font font, String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            String c = new String(Character.toChars(cp));
            try {
                font.encode(c);
                out.append(c);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString();
    }
}
