package ch.iiz.billing.api;

import ch.iiz.billing.ledger.BillingEngine;
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
        LocalDate on = body == null || body.closedOn() == null ? LocalDate.now(clock) : body.closedOn();
        try {
            return engine.closeMonth(caller.institutionId(), m, on, false, caller.actor("caseworker"));
        } catch (BillingEngine.CloseRefused e) {
            throw ProblemException.conflict("month", e.rule(), e.getMessage());
        }
    }
}
