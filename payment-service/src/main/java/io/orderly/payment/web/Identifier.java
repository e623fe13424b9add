package io.orderly.payment.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A customer or order id as the wire contract allows it: 1 to 64 letters, digits or '-'. */
@Documented
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@NotNull @Pattern(regexp = "[A-Za-z0-9-]{1,64}") @ReportAsSingleViolation
public @interface Identifier {

    String message() default "must be 1 to 64 letters, digits or '-'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
