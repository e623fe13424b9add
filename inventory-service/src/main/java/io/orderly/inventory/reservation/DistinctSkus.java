package io.orderly.inventory.reservation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The items of a reserve request name each SKU at most once. */
@Documented
@Constraint(validatedBy = DistinctSkus.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface DistinctSkus {

    String message() default "must name each SKU at most once";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<DistinctSkus, List<ReserveRequest.Item>> {

        @Override
        public boolean isValid(List<ReserveRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            return items.stream()
                    .filter(Objects::nonNull)
                    .map(ReserveRequest.Item::sku)
                    .filter(Objects::nonNull)
                    .allMatch(seen::add);
        }
    }
}
