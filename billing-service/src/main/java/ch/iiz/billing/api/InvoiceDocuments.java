package ch.iiz.billing.api;

import ch.iiz.events.billing.InvoiceLine;
import jakarta.enterprise.context.ApplicationScoped;
import net.codecrete.qrbill.generator.Address;
import net.codecrete.qrbill.generator.Bill;
import net.codecrete.qrbill.generator.BillFormat;
import net.codecrete.qrbill.generator.GraphicsFormat;
import net.codecrete.qrbill.generator.Language;
import net.codecrete.qrbill.generator.OutputSize;
import ch.iiz.billing.payment.PaymentReference;
import ch.iiz.service.web.ProblemException;
import jakarta.inject.Inject;
import net.codecrete.qrbill.generator.Payments;

import java.util.stream.Collectors;

/** An invoice as CSV (for spreadsheets and ERP imports) and as a PDF with its lines and Swiss QR-bill (what municipalities pay from). */
@ApplicationScoped
public class InvoiceDocuments {

    @Inject
    BillingParties parties;

    public String csv(BillingQueries.Invoice invoice) {
        StringBuilder out = new StringBuilder("invoice_id;kind;creditor;debtor;month;line;case_id;charge;period_from;"
                + "period_to;quantity;unit_price_chf;amount_chf;corrects_invoice;source_event_ids\n");
        for (InvoiceLine l : invoice.lines()) {
            out.append(String.join(";", invoice.invoiceId(), invoice.kind(), invoice.creditorId(), invoice.debtorId(),
                    invoice.month(), Integer.toString(l.lineNo()), l.caseId(), l.kind().name(), l.periodFrom().toString(),
                    l.periodTo().toString(), l.quantity().toPlainString(), l.unitPriceChf().toPlainString(),
                    l.amountChf().toPlainString(), l.correctsInvoiceId() == null ? "" : l.correctsInvoiceId(),
                    l.sourceEventIds().stream().map(Object::toString).collect(Collectors.joining(" ")))).append('\n');
        }
        out.append(String.join(";", invoice.invoiceId(), invoice.kind(), invoice.creditorId(), invoice.debtorId(),
                invoice.month(), "", "", "NET", "", "", "", "", invoice.netChf().toPlainString(), "", "")).append('\n');
        out.append(String.join(";", invoice.invoiceId(), invoice.kind(), invoice.creditorId(), invoice.debtorId(),
                invoice.month(), "", "", "ROUNDING_5_RAPPEN", "", "", "", "", invoice.roundingChf().toPlainString(), "",
                "")).append('\n');
        out.append(String.join(";", invoice.invoiceId(), invoice.kind(), invoice.creditorId(), invoice.debtorId(),
                invoice.month(), "", "", "TOTAL", "", "", "", "", invoice.totalChf().toPlainString(), "", "")).append('\n');
        return out.toString();
    }

    /** The payment reference printed on the invoice's QR-bill: QRR for a QR-IBAN, else an RF creditor reference. */
    public static String reference(String invoiceId, String iban) {
        String number = PaymentReference.numberOf(invoiceId);
        return Payments.isQRIBAN(iban) ? PaymentReference.qrr(number) : PaymentReference.scor(number);
    }

    /**
     * The invoice with its QR-bill: its lines and totals above the payment part, which carries the creditor's own
     * name, address and account, the debtor's address, the invoice's total and a reference unique to it. 409 when the
     * creditor's billing details are not configured.
     */
    public byte[] qrBill(BillingQueries.Invoice invoice) {
        BillingParties.Party creditor = parties.of(invoice.creditorId()).filter(p -> p.iban().isPresent())
                .orElseThrow(() -> ProblemException.conflict("invoiceId", "creditor-billing-details-configured",
                        "no billing details (name, address, IBAN) are configured for the creditor "
                                + invoice.creditorId() + " (iiz.billing.creditors.\"" + invoice.creditorId() + "\".*)"));
        String iban = creditor.iban().orElseThrow();
        if (!Payments.isValidIBAN(iban)) {
            throw ProblemException.conflict("invoiceId", "creditor-billing-details-configured",
                    "the IBAN configured for " + invoice.creditorId() + " is not valid");
        }
        Bill bill = new Bill();
        bill.setAccount(iban);
        bill.setAmount(invoice.totalChf());
        bill.setCurrency("CHF");
        bill.setCreditor(address(creditor));
        parties.of(invoice.debtorId()).ifPresent(d -> bill.setDebtor(address(d)));
        bill.setReference(reference(invoice.invoiceId(), iban));
        bill.updateReferenceType();
        bill.setUnstructuredMessage("Rechnung " + invoice.invoiceId() + ", " + invoice.month());
        BillFormat format = new BillFormat();
        format.setOutputSize(OutputSize.A4_PORTRAIT_SHEET);
        format.setGraphicsFormat(GraphicsFormat.PDF);
        format.setLanguage(Language.DE);
        bill.setFormat(format);
        return InvoicePages.render(invoice, creditor, parties.of(invoice.debtorId()), bill);
    }

    private static Address address(BillingParties.Party p) {
        Address a = new Address();
        a.setName(p.name());
        a.setStreet(p.street());
        a.setHouseNo(p.houseNo());
        a.setPostalCode(p.postalCode());
        a.setTown(p.town());
        a.setCountryCode(p.country());
        return a;
    }
}
