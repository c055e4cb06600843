package ch.iiz.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which aggregate a command is for, without Axon's default per-command reflection: Axon's annotation resolver scans
 * the command's fields and methods on every command and, for a command that opens an aggregate, builds and catches an
 * exception each time (2.6 % of case-service's CPU under load, docs/benchmarks.md). A {@link TargetedCommand} names
 * its aggregate directly; a class with no {@code @TargetAggregateIdentifier} member (checked once per class) opens
 * an aggregate that chooses its own id, which Axon's creation path reads as null; anything else goes to Axon's
 * resolver, unchanged.
 */
final class CommandTargets implements CommandTargetResolver {

    private final CommandTargetResolver annotated = AnnotationCommandTargetResolver.builder().build();

    private final ClassValue<Boolean> namesTarget = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            List<AnnotatedElement> members = new ArrayList<>();
            ReflectionUtils.fieldsOf(type).forEach(members::add);
            ReflectionUtils.methodsOf(type).forEach(members::add);
            return members.stream().anyMatch(m -> AnnotationUtils.isAnnotationPresent(m, TargetAggregateIdentifier.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        if (payload instanceof TargetedCommand targeted) {
            return new VersionedAggregateIdentifier(targeted.aggregateId(), targeted.expectedVersion());
        }
        if (!namesTarget.get(payload.getClass())) {
            return null;
        }
        return annotated.resolveTarget(command);
    }
}
