package ch.iiz.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The stable wire name and current schema version of an event record; Java class names never reach the wire. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** Wire name, e.g. {@code CaseOpened}. Never change it once published. */
    String name();

    /** Current schema version; raise it only for a breaking change, together with an upcaster. */
    int version() default 1;

    /** One sentence for the AsyncAPI document. */
    String summary();
}
