package ch.iiz.billing.api;

import ch.iiz.billing.ledger.BillingEngine;
import ch.iiz.billing.payment.Camt054;
import ch.iiz.billing.payment.PaymentBook;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import ch.iiz.service.access.Access;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.FactDate;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.web.QueryParams;
import ch.iiz.service.web.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * Invoices per debtor and calendar month, their CSV and Swiss QR-bill, what a case has cost so far, and closing a
 * month. A municipality sees the invoices addressed to it, the issuing institution those it issued, auditors all.
 */
@Path("/")
@Authenticated
@Tag(name = "Billing")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "404", description = "Not among the caller's invoices or cases")
public class BillingResource {

    @Inject
    Caller caller;
    @Inject
    BillingQueries queries;
    @Inject
    InvoiceDocuments documents;
    @Inject
    BillingEngine engine;
    @Inject
    Clock clock;
    @Inject
    Access access;
    @Inject
    PaymentBook payments;
    @ConfigProperty(name = "iiz.billing.camt-max-bytes", defaultValue = "1048576")
    int camtMaxBytes;

    public record CloseMonth(@FactDate @Schema(description = "Default today; after the month's end") LocalDate closedOn) {
    }

    @GET
    @Path("/invoices")
    @Operation(summary = "The caller's invoices and credit notes (as debtor or issuer), newest month first")
    public List<BillingQueries.InvoiceSummary> invoices(@QueryParam("month") @Schema(examples = "2026-03") String month) {
        YearMonth m = QueryParams.month("month", month, clock);
        return queries.list(caller, m == null ? null : m.toString());
    }

    @GET
    @Path("/invoices/{invoiceId}")
    @Operation(summary = "One invoice with every line: case, period, amount and the events it comes from")
    public BillingQueries.Invoice invoice(@PathParam("invoiceId") @IdFormat String invoiceId) {
        return queries.invoice(caller, invoiceId);
    }

    @GET
    @Path("/invoices/{invoiceId}/csv")
    @Produces("text/csv")
    @Operation(summary = "The invoice as CSV (semicolon separated), with net, rounding and total lines")
    public Response csv(@PathParam("invoiceId") @IdFormat String invoiceId) {
        return Response.ok(documents.csv(queries.invoice(caller, invoiceId)))
                .header("Content-Disposition", "attachment; filename=\"" + invoiceId + ".csv\"").build();
    }

    @GET
    @Path("/invoices/{invoiceId}/qr-bill")
    @Produces("application/pdf")
    @Operation(summary = "The invoice's Swiss QR-bill as PDF")
    @APIResponse(responseCode = "409", description = "A credit note or a zero invoice has nothing to pay")
    public Response qrBill(@PathParam("invoiceId") @IdFormat String invoiceId) {
        BillingQueries.Invoice invoice = queries.invoice(caller, invoiceId);
        if (invoice.totalChf().compareTo(BigDecimal.ZERO) <= 0) {
            throw ProblemException.conflict("invoiceId", "nothing-to-pay", invoiceId + " has nothing to pay");
        }
        return Response.ok(documents.qrBill(invoice))
                .header("Content-Disposition", "attachment; filename=\"" + invoiceId + ".pdf\"").build();
    }

    @GET
    @Path("/cases/{caseId}/charge-preview")
    @Operation(summary = "What the case has cost to date: charges made, plus running phases and lead months accrued "
            + "to asOf (default today); nothing is written")
    public BillingQueries.Preview preview(@PathParam("caseId") @IdFormat String caseId,
                                          @QueryParam("asOf") @Schema(examples = "2026-03-31") String asOf) {
        return queries.preview(caller, caseId, QueryParams.date("asOf", asOf, LocalDate.now(clock), clock));
    }

    @POST
    @Path("/billing-months/{month}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a calendar month as the billing institution: invoices are issued and never change")
    @APIResponse(responseCode = "409", description = "The month is not over, or closed already")
    @APIResponse(responseCode = "403", description = "Only the creditor institution closes its own billing months")
    public BillingEngine.Closed close(@PathParam("month") @Schema(examples = "2026-03") String month,
                                      @Valid CloseMonth body) {
        YearMonth m = QueryParams.month("month", month, clock);
        access.requireCloseMonth(caller, queries.isCreditor(caller.institutionId()));
        LocalDate today = LocalDate.now(clock);
        if (!m.atEndOfMonth().isBefore(today)) {
            throw ProblemException.conflict("month", "month-not-over", m + " has not ended; it can be closed from "
                    + m.plusMonths(1).atDay(1));
        }
        LocalDate on = body == null || body.closedOn() == null ? today : body.closedOn();
        if (on.isAfter(today)) {
            throw ProblemException.badRequest("closedOn", "not-in-future", "a month is closed today or on a past day");
        }
        try {
            return engine.closeMonth(caller.institutionId(), m, on, false, caller.actor("caseworker"));
        } catch (BillingEngine.CloseRefused e) {
            throw ProblemException.conflict("month", e.rule(), e.getMessage());
        }
    }

    @POST
    @Path("/payments/camt054")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @Operation(summary = "Import an ISO 20022 camt.054 credit notification: each credit is matched to the caller's "
            + "invoice by its reference (QRR or RF) and recorded once (the same file twice changes nothing); credits "
            + "that match no invoice are kept as unmatched")
    @APIResponse(responseCode = "400", description = "Not well-formed XML, a DTD, not a camt.054, or an unreadable amount")
    @APIResponse(responseCode = "403", description = "Only a billing institution imports its payments")
    public PaymentBook.Imported importCamt054(byte[] body) {
        access.requireCreditor(caller, queries.isCreditor(caller.institutionId()), "body",
                "only a billing institution imports the payments of its invoices");
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "xml-well-formed", "the body is empty");
        }
        if (body.length > camtMaxBytes) {
            throw ProblemException.badRequest("body", "camt054-size", "a camt.054 file is at most " + camtMaxBytes + " bytes");
        }
        List<Camt054.Credit> credits;
        try {
            credits = Camt054.credits(body);
        } catch (Camt054.Refused e) {
            throw ProblemException.badRequest("body", e.rule(), e.getMessage());
        }
        return payments.importCredits(caller.institutionId(), credits, null);
    }

    @GET
    @Path("/payments/unmatched")
    @Operation(summary = "Credits the caller imported that match none of its invoices (auditors: all)")
    public List<PaymentBook.Payment> unmatched() {
        boolean ownOnly = access.requireInvoiceList(caller);
        return payments.unmatched(ownOnly ? caller.institutionId() : null);
    }

    @GET
    @Path("/statements")
    @Produces("text/csv")
    @Operation(summary = "A debtor's statement over months from..to (CSV): every invoice, credit note and payment, and "
            + "totals. debtor defaults to the caller; a creditor sees only what it issued to that debtor")
    public Response statement(@QueryParam("debtor") @Schema(examples = "SD-AG-MENZIKEN") String debtor,
                              @QueryParam("from") @Schema(examples = "2026-01") String from,
                              @QueryParam("to") @Schema(examples = "2026-12") String to) {
        access.requireInvoiceList(caller); // who may see invoices at all, before anything about the parameters
        String d = QueryParams.id("debtor", debtor);
        YearMonth f = QueryParams.month("from", from, clock);
        YearMonth t = QueryParams.month("to", to, clock);
        if (f == null) {
            throw ProblemException.badRequest("from", "required", "from is required (yyyy-MM)");
        }
        if (t == null) {
            throw ProblemException.badRequest("to", "required", "to is required (yyyy-MM)");
        }
        if (t.isBefore(f)) {
            throw ProblemException.badRequest("to", "not-before-from", "to is not before from");
        }
        String who = d == null ? caller.institutionId() : d;
        return Response.ok(queries.statement(caller, who, f, t))
                .header("Content-Disposition", "attachment; filename=\"statement-" + who + "-" + f + "-" + t + ".csv\"")
                .build();
    }
}
