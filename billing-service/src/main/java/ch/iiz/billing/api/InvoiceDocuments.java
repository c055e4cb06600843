package ch.iiz.billing.api;

import ch.iiz.events.billing.InvoiceLine;
import jakarta.enterprise.context.ApplicationScoped;
import net.codecrete.qrbill.generator.Address;
import net.codecrete.qrbill.generator.Bill;
import net.codecrete.qrbill.generator.BillFormat;
import net.codecrete.qrbill.generator.GraphicsFormat;
import net.codecrete.qrbill.generator.Language;
import net.codecrete.qrbill.generator.OutputSize;
import net.codecrete.qrbill.generator.QRBill;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.stream.Collectors;

/** An invoice as CSV (for spreadsheets and ERP imports) and as a Swiss QR-bill PDF (what municipalities pay from). */
@ApplicationScoped
public class InvoiceDocuments {

    @ConfigProperty(name = "iiz.billing.creditor-iban")
    String iban;
    @ConfigProperty(name = "iiz.billing.creditor-name")
    String name;
    @ConfigProperty(name = "iiz.billing.creditor-street")
    String street;
    @ConfigProperty(name = "iiz.billing.creditor-house-no")
    String houseNo;
    @ConfigProperty(name = "iiz.billing.creditor-postal-code")
    String postalCode;
    @ConfigProperty(name = "iiz.billing.creditor-town")
    String town;

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

    public byte[] qrBill(BillingQueries.Invoice invoice) {
        Bill bill = new Bill();
        bill.setAccount(iban);
        bill.setAmount(invoice.totalChf());
        bill.setCurrency("CHF");
        Address creditor = new Address();
        creditor.setName(name + " (" + invoice.creditorId() + ")");
        creditor.setStreet(street);
        creditor.setHouseNo(houseNo);
        creditor.setPostalCode(postalCode);
        creditor.setTown(town);
        creditor.setCountryCode("CH");
        bill.setCreditor(creditor);
        bill.setUnstructuredMessage("Invoice " + invoice.invoiceId() + ", " + invoice.lines().size() + " lines");
        BillFormat format = new BillFormat();
        format.setOutputSize(OutputSize.A4_PORTRAIT_SHEET);
        format.setGraphicsFormat(GraphicsFormat.PDF);
        format.setLanguage(Language.DE);
        bill.setFormat(format);
        return QRBill.generate(bill);
    }
}
