package ch.iiz.placement.api;

import ch.iiz.axon.CommandPath;
import ch.iiz.events.cases.MeasureKind;
import ch.iiz.placement.axon.CourseTarget;
import ch.iiz.placement.cases.CaseFactsStore;
import ch.iiz.placement.domain.CourseCommand;
import ch.iiz.placement.domain.CourseCommand.AnnounceCourse;
import ch.iiz.placement.domain.CourseCommand.DecideCourse;
import ch.iiz.placement.domain.CourseCommand.ReserveSeat;
import ch.iiz.placement.domain.CourseCommand.WithdrawReservation;
import ch.iiz.service.access.Access;
import ch.iiz.service.access.AccessRule;
import ch.iiz.service.registry.Institutions;
import ch.iiz.service.security.Caller;
import ch.iiz.service.validation.FactDate;
import ch.iiz.service.validation.FreeText;
import ch.iiz.service.validation.IdFormat;
import ch.iiz.service.validation.PlannedDate;
import ch.iiz.service.web.ProblemException;
import ch.iiz.service.web.QueryParams;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Hessen joint measure planning: an institution announces a course, institutions of any legal domain reserve seats for
 * clients of their cases, and on the decision date the course is confirmed or cancelled. Courses are no client data
 * and every institution reads them; a course's reservations are shown to its organiser, and to each reserving
 * institution its own.
 */
@Path("/courses")
@Authenticated
@Tag(name = "Joint measure planning")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Malformed input; the problem names the field and the rule")
@APIResponse(responseCode = "404", description = "No such course, or no such case among those the caller takes part in")
@APIResponse(responseCode = "409", description = "A rule refused it, e.g. every seat is reserved, or no cost approval")
public class CourseResource {

    private static final String IDEMPOTENCY = "Idempotency-Key";
    private static final String IF_MATCH = "If-Match";

    @Inject
    Caller caller;
    @Inject
    CommandPath commands;
    @Inject
    Access access;
    @Inject
    Institutions institutions;
    @Inject
    PlacementQueries queries;
    @Inject
    CaseFactsStore caseFacts;
    @Inject
    Clock clock;

    public record Announce(
            @NotNull @Schema(examples = "TRAINING") MeasureKind measureKind,
            @NotBlank @FreeText(max = 200) @Schema(examples = "Bildungswerk Nordhessen") String provider,
            @NotNull @Max(1000) @Schema(examples = "12") Integer seats,
            @NotNull @Max(1000) @Schema(examples = "8") Integer minimumParticipants,
            @NotNull @PlannedDate @Schema(examples = "2026-05-04") LocalDate startDate,
            @NotNull @Digits(integer = 9, fraction = 2) @Schema(examples = "1850.00",
                    description = "CHF per confirmed seat, billed by the organiser to each reserving institution")
            BigDecimal pricePerSeat,
            @NotNull @PlannedDate @Schema(examples = "2026-04-20",
                    description = "The day the course is confirmed (minimum reached) or cancelled") LocalDate decisionDate,
            @FactDate @Schema(description = "Default: today") LocalDate announcedOn) {
    }

    public record Reserve(
            @NotNull @IdFormat @Schema(examples = "c0a80164-0000-4000-8000-000000000001") String caseId,
            @NotNull @IdFormat @Schema(examples = "mea-1", description = "The case's measure of the course's kind whose "
                    + "cost the entitled institution approved (Kostengutsprache) for at least the price of a seat")
            String measureId,
            @FactDate @Schema(description = "Default: today") LocalDate reservedOn) {
    }

    public record Withdraw(@FactDate @Schema(description = "Default: today") LocalDate withdrawnOn) {
    }

    @GET
    @Operation(summary = "Courses of joint measure planning, with seats, free seats and status")
    public List<PlacementQueries.Course> list(
            @QueryParam("status") @Parameter(description = "OPEN, CONFIRMED or CANCELLED") String status) {
        access.requireCourses(caller);
        QueryParams.oneOf("status", status, "OPEN", "CONFIRMED", "CANCELLED");
        return queries.courses(status).stream().map(this::visible).toList();
    }

    @GET
    @Path("/{courseId}")
    @Operation(summary = "One course; its reservations are shown to the organiser, and to each reserving institution its own")
    public Response one(@PathParam("courseId") @IdFormat String courseId) {
        access.requireCourses(caller);
        PlacementQueries.Course course = visible(require(courseId));
        return Response.ok(course).tag(Long.toString(course.version())).build();
    }

    @POST
    @Operation(summary = "Announce a course; the caller's institution organises it and bills the confirmed seats")
    @APIResponse(responseCode = "201", description = "Announced")
    public Response announce(@HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Announce body) {
        access.requireWriter(caller);
        institutions.require("organiserInstitutionId", caller.institutionId());
        String courseId = "crs-" + UUID.randomUUID();
        return execute(courseId, null, key, body, new AnnounceCourse(caller.institutionId(), courseId,
                body.measureKind(), body.provider(), body.seats(), body.minimumParticipants(), body.startDate(),
                body.pricePerSeat(), body.decisionDate(), orToday(body.announcedOn())), "/courses/" + courseId);
    }

    @POST
    @Path("/{courseId}/reservations")
    @Operation(summary = "Reserve a seat for the client of a case the caller takes part in (consent and the entitled "
            + "institution's cost approval required; never beyond the seats)")
    @APIResponse(responseCode = "201", description = "Reserved")
    public Response reserve(@PathParam("courseId") @IdFormat String courseId, @HeaderParam(IF_MATCH) String ifMatch,
                            @HeaderParam(IDEMPOTENCY) String key, @Valid @NotNull Reserve body) {
        access.requireWrite(caller, body.caseId()); // 404 before anything about the course
        require(courseId);
        String reservationId = "rsv-" + UUID.randomUUID();
        return execute(courseId, ifMatch, key, body, new ReserveSeat(caller.institutionId(), reservationId,
                        body.caseId(), body.measureId(), caseFacts.of(body.caseId()), orToday(body.reservedOn())),
                "/courses/" + courseId + "/reservations/" + reservationId);
    }

    @POST
    @Path("/{courseId}/reservations/{reservationId}/withdrawal")
    @Operation(summary = "The reserving institution withdraws its reservation before the decision date; the seat is free")
    public Response withdraw(@PathParam("courseId") @IdFormat String courseId,
                             @PathParam("reservationId") @IdFormat String reservationId,
                             @HeaderParam(IF_MATCH) String ifMatch, @HeaderParam(IDEMPOTENCY) String key,
                             @Valid Withdraw body) {
        require(courseId);
        return execute(courseId, ifMatch, key, body == null ? "" : body, new WithdrawReservation(caller.institutionId(),
                reservationId, orToday(body == null ? null : body.withdrawnOn())), null);
    }

    @POST
    @Path("/{courseId}/decision")
    @Operation(summary = "The organiser decides the course on or after its decision date (the decision job does it "
            + "otherwise): confirmed when the reservations reach the minimum, else cancelled and every seat released")
    public Response decide(@PathParam("courseId") @IdFormat String courseId, @HeaderParam(IF_MATCH) String ifMatch,
                           @HeaderParam(IDEMPOTENCY) String key) {
        require(courseId);
        return execute(courseId, ifMatch, key, "", new DecideCourse(caller.institutionId(), LocalDate.now(clock)), null);
    }

    private Response execute(String courseId, String ifMatch, String key, Object request, CourseCommand command,
                             String created) {
        return commands.executeOn(caller, ifMatch, key, "POST /courses/" + courseId + "/"
                        + command.getClass().getSimpleName(), request,
                expected -> new CourseTarget(courseId, expected, command), () -> {
                    PlacementQueries.Course course = visible(require(courseId));
                    Response.ResponseBuilder response = created == null ? Response.ok(course)
                            : Response.created(URI.create(created)).entity(course);
                    return response.tag(Long.toString(course.version())).build();
                });
    }

    private PlacementQueries.Course require(String courseId) {
        return queries.course(courseId).orElseThrow(() -> ProblemException.notFound("no course " + courseId));
    }

    /** The course with the reservations the caller may see (AccessRule.seesReservation). */
    private PlacementQueries.Course visible(PlacementQueries.Course course) {
        AccessRule.Principal p = Access.principal(caller);
        return course.with(queries.reservationsOfCourse(course.courseId()).stream()
                .filter(r -> AccessRule.seesReservation(p, course.organiserInstitutionId(), r.reservingInstitutionId()))
                .toList());
    }

    private LocalDate orToday(LocalDate date) {
        return date == null ? LocalDate.now(clock) : date;
    }
}
