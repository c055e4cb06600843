package ch.iiz.events.cases;

import ch.iiz.events.EventType;
import ch.iiz.events.Nullable;

import java.time.LocalDate;

/** A report was submitted; its content stays in the document store, the event only references it. */
@EventType(name = "ReportSubmitted", summary = "A report (integration, progress, pre-end or final) was submitted.")
public record ReportSubmitted(String reportId, ReportKind kind, @Nullable Integer phase, LocalDate submittedOn,
                              String submittedBy, String documentRef) implements CaseEvent {
}
