package ch.iiz.service.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

/**
 * An id a client chooses or names (case, consent, measure, institution, invoice ...): 1 to 64 characters of
 * {@value #PATTERN}. One pattern for every id in every service, checked before anything reaches SQL or a topic.
 * Null is valid (combine with {@code @NotNull} where the id is required).
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = IdFormat.PATTERN)
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface IdFormat {

    String PATTERN = "[A-Za-z0-9._:-]{1,64}";

    String message() default "must be 1 to 64 characters of letters, digits, '.', '_', ':' or '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
