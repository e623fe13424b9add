package io.orderly.order.saga;

import java.security.Principal;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin actions on sagas (DESIGN section 6). Issue 13 adds the admin role check (JWT); until then
 * anyone who reaches order-service may call these, and the gateway does not route /api/admin.
 * An action that meets a step being written at the same moment answers 409: ask again.
 */
@RestController
@RequestMapping("/api/admin/sagas")
class SagaAdminController {

    /** The actor recorded when the request carries no authenticated principal (until issue 13). */
    static final String ANONYMOUS = "anonymous";

    private final SagaAdmin admin;

    SagaAdminController(SagaAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    List<SagaAdmin.Listed> list(@RequestParam(required = false) SagaState state) {
        return admin.list(state);
    }

    @PostMapping("/{orderId}/retry")
    ResponseEntity<Void> retry(@PathVariable String orderId, Principal principal) {
        try {
            admin.retry(orderId, actor(principal));
        } catch (OptimisticLockingFailureException e) {
            throw SagaActionNotAllowedException.concurrent(orderId, SagaAuditEntry.Action.RETRY);
        }
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{orderId}/compensate")
    ResponseEntity<Void> compensate(@PathVariable String orderId, Principal principal) {
        try {
            admin.compensate(orderId, actor(principal));
        } catch (OptimisticLockingFailureException e) {
            throw SagaActionNotAllowedException.concurrent(orderId, SagaAuditEntry.Action.COMPENSATE);
        }
        return ResponseEntity.accepted().build();
    }

    private static String actor(Principal principal) {
        return principal == null || principal.getName() == null ? ANONYMOUS : principal.getName();
    }
}
