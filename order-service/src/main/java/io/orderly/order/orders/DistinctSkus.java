package io.orderly.order.orders;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** No SKU appears on two lines of one order. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = DistinctSkus.Validator.class)
@interface DistinctSkus {

    String message() default "must not list a SKU more than once";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the items of a {@link PlaceOrderRequest}. */
    class Validator implements ConstraintValidator<DistinctSkus, List<PlaceOrderRequest.Item>> {

        @Override
        public boolean isValid(List<PlaceOrderRequest.Item> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            Set<String> seen = new HashSet<>();
            return items.stream()
                    .filter(Objects::nonNull)
                    .map(PlaceOrderRequest.Item::sku)
                    .filter(Objects::nonNull)
                    .allMatch(seen::add);
        }
    }
}
