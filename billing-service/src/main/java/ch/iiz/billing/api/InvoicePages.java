package ch.iiz.billing.api;

import ch.iiz.events.billing.ChargeKind;
import ch.iiz.events.billing.InvoiceLine;
import net.codecrete.qrbill.canvas.PDFCanvas;
import net.codecrete.qrbill.generator.Bill;
import net.codecrete.qrbill.generator.QRBill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invoice as a person reads it: A4 pages with the parties, every line (case, what, period, quantity, price,
 * amount) and the totals, and the Swiss QR-bill payment part at the foot of the last page. Lines that do not fit
 * continue on further pages, so the document always carries all of them.
 */
final class InvoicePages {

    private static final double WIDTH = 210;
    private static final double HEIGHT = 297;
    private static final double LEFT = 20;
    private static final double RIGHT = 190;
    private static final double TOP = 277;
    private static final double LINE = 4.2;
    /** The payment part (105 mm) and some air above it. */
    private static final double ABOVE_PAYMENT_PART = 112;
    private static final double BOTTOM = 20;
    private static final int TEXT = 9;
    private static final int TABLE = 7;

    private static final Map<ChargeKind, String> KINDS = Map.of(
            ChargeKind.AMIPLUS_PHASE_1_FLAT, "AMIplus Phase 1 (Pauschale)",
            ChargeKind.AMIPLUS_DAILY, "AMIplus Tage",
            ChargeKind.EXTERNAL_MEASURE, "Externe Massnahme",
            ChargeKind.OPTIMA_LEAD_MONTH, "OPTIMA Fallführungsmonat",
            ChargeKind.CORRECTION, "Korrektur",
            ChargeKind.COURSE_SEAT, "Kursplatz (Massnahmenplanung)");

    private InvoicePages() {
    }

    /** The PDF: the invoice's pages, the payment part of {@code bill} on the last one. */
    static byte[] render(BillingQueries.Invoice invoice, BillingParties.Party creditor,
                         Optional<BillingParties.Party> debtor, Bill bill) {
        try {
            List<InvoiceLine> rest = new ArrayList<>(invoice.lines());
            PDFCanvas canvas = new PDFCanvas(WIDTH, HEIGHT);
            double y = header(canvas, invoice, creditor, debtor);
            while (true) {
                if (!rest.isEmpty()) {
                    y = tableHead(canvas, y);
                }
                // lines go down to the payment part when they all fit there, else to the page's foot
                double floor = fitting(y, rest.size()) ? ABOVE_PAYMENT_PART + 3 * LINE : BOTTOM;
                while (!rest.isEmpty() && y - LINE >= floor) {
                    y = line(canvas, y, rest.remove(0));
                }
                if (rest.isEmpty() && y - 4 * LINE >= ABOVE_PAYMENT_PART) {
                    break;
                }
                canvas.putText("Fortsetzung auf der nächsten Seite", LEFT, BOTTOM - LINE, TABLE, false);
                byte[] pages = canvas.toByteArray();
                canvas.close();
                canvas = new PDFCanvas(pages, PDFCanvas.NEW_PAGE_AT_END);
                canvas.putText("Rechnung " + invoice.invoiceId() + " (Fortsetzung)", LEFT, TOP, TEXT, true);
                y = TOP - 2 * LINE;
            }
            totals(canvas, y, invoice);
            QRBill.draw(bill, canvas);
            byte[] pdf = canvas.toByteArray();
            canvas.close();
            return pdf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fitting(double y, int lines) {
        return y - (lines + 4) * LINE >= ABOVE_PAYMENT_PART;
    }

    private static double header(PDFCanvas c, BillingQueries.Invoice invoice, BillingParties.Party creditor,
                                 Optional<BillingParties.Party> debtor) throws IOException {
        double y = TOP;
        for (String text : address(creditor)) {
            c.putText(text, LEFT, y, TEXT, y == TOP);
            y -= LINE;
        }
        double d = TOP - 6 * LINE;
        List<String> to = debtor.map(InvoicePages::address).orElse(List.of(invoice.debtorId()));
        for (String text : to) {
            c.putText(text, 120, d, TEXT, false);
            d -= LINE;
        }
        y = Math.min(y, d) - 3 * LINE;
        boolean credit = "CREDIT_NOTE".equals(invoice.kind());
        c.putText((credit ? "Gutschrift " : "Rechnung ") + invoice.invoiceId(), LEFT, y, 12, true);
        y -= 1.5 * LINE;
        c.putText("Leistungsmonat " + invoice.month() + ", ausgestellt am " + invoice.issuedOn()
                + (invoice.originalInvoiceId() == null ? "" : ", zu Rechnung " + invoice.originalInvoiceId()),
                LEFT, y, TEXT, false);
        return y - 2 * LINE;
    }

    private static List<String> address(BillingParties.Party p) {
        List<String> lines = new ArrayList<>();
        lines.add(p.name());
        if (p.street() != null) {
            lines.add(p.street() + (p.houseNo() == null ? "" : " " + p.houseNo()));
        }
        lines.add((p.country() == null || p.country().equals("CH") ? "" : p.country() + "-") + p.postalCode() + " "
                + p.town());
        return lines;
    }

    private static double tableHead(PDFCanvas c, double y) throws IOException {
        c.putText("Nr", LEFT, y, TABLE, true);
        c.putText("Fall", LEFT + 7, y, TABLE, true);
        c.putText("Leistung", 74, y, TABLE, true);
        c.putText("Zeitraum", 114, y, TABLE, true);
        right(c, "Menge", 158, y, true);
        right(c, "Preis CHF", 174, y, true);
        right(c, "Betrag CHF", RIGHT, y, true);
        rule(c, y - 1.2);
        return y - LINE;
    }

    private static double line(PDFCanvas c, double y, InvoiceLine l) throws IOException {
        c.putText(Integer.toString(l.lineNo()), LEFT, y, TABLE, false);
        c.putText(l.caseId(), LEFT + 7, y, TABLE, false);
        c.putText(KINDS.getOrDefault(l.kind(), l.kind().name()), 74, y, TABLE, false);
        c.putText(l.periodFrom().equals(l.periodTo()) ? l.periodFrom().toString()
                : l.periodFrom() + " - " + l.periodTo(), 114, y, TABLE, false);
        right(c, l.quantity().stripTrailingZeros().toPlainString(), 158, y, false);
        right(c, l.unitPriceChf().toPlainString(), 174, y, false);
        right(c, l.amountChf().toPlainString(), RIGHT, y, false);
        return y - LINE;
    }

    private static void totals(PDFCanvas c, double y, BillingQueries.Invoice invoice) throws IOException {
        rule(c, y + LINE - 1.2);
        y -= 0.5 * LINE;
        total(c, y, "Netto", invoice.netChf(), false);
        total(c, y - LINE, "Rundung auf 5 Rappen", invoice.roundingChf(), false);
        total(c, y - 2 * LINE, "Total CHF", invoice.totalChf(), true);
    }

    private static void total(PDFCanvas c, double y, String label, BigDecimal amount, boolean bold) throws IOException {
        c.putText(label, 114, y, TEXT, bold);
        right(c, amount.toPlainString(), RIGHT, y, bold, TEXT);
    }

    private static void right(PDFCanvas c, String text, double x, double y, boolean bold) throws IOException {
        right(c, text, x, y, bold, TABLE);
    }

    private static void right(PDFCanvas c, String text, double x, double y, boolean bold, int size) throws IOException {
        c.putText(text, x - c.getTextWidth(text, size, bold), y, size, bold);
    }

    private static void rule(PDFCanvas c, double y) throws IOException {
        c.startPath();
        c.moveTo(LEFT, y);
        c.lineTo(RIGHT, y);
        c.strokePath(0.2, 0x000000, net.codecrete.qrbill.canvas.Canvas.LineStyle.Solid, false);
    }
}
