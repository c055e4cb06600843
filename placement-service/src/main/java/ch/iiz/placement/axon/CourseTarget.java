package ch.iiz.placement.axon;

import ch.iiz.placement.domain.CourseCommand;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Carries a course command to its course (Axon routes by payload type, so each aggregate has its own carrier), with
 * the version the caller saw ({@code If-Match}) or null; keeps Axon's annotations out of the domain.
 */
public record CourseTarget(@TargetAggregateIdentifier String courseId, @TargetAggregateVersion Long expectedVersion,
                           CourseCommand command) {
}
