package io.orderly.order.saga;

import io.orderly.web.problem.ProblemException;
import org.springframework.http.HttpStatus;

/** An admin action that the saga's state does not allow: 409. */
class SagaActionNotAllowedException extends ProblemException {

    SagaActionNotAllowedException(String orderId, SagaAuditEntry.Action action, SagaState state) {
        this("The saga of order '" + orderId + "' is " + state + ": " + action + " is not allowed now.");
    }

    private SagaActionNotAllowedException(String detail) {
        super(HttpStatus.CONFLICT, "saga-action-not-allowed", detail);
    }

    /** The saga changed while the action was written (a step's outcome came in): the admin may ask again. */
    static SagaActionNotAllowedException concurrent(String orderId, SagaAuditEntry.Action action) {
        return new SagaActionNotAllowedException(
                "The saga of order '" + orderId + "' changed while " + action + " was written; try again.");
    }

    @Override
    public String title() {
        return "Saga action not allowed";
    }
}
