package ch.iiz.billing.tariff;

import java.math.BigDecimal;
import java.util.Collection;

/** An invoice's exact net total, its total rounded to 5 Rappen, and the rounding difference shown as its own line. */
public record InvoiceTotals(BigDecimal netChf, BigDecimal roundingChf, BigDecimal totalChf) {

    public static InvoiceTotals of(Collection<BigDecimal> lineAmounts) {
        BigDecimal net = Chf.ZERO;
        for (BigDecimal amount : lineAmounts) {
            net = net.add(Chf.exact(amount));
        }
        BigDecimal total = Chf.roundTo5Rappen(net);
        return new InvoiceTotals(net, total.subtract(net), total);
    }
}
