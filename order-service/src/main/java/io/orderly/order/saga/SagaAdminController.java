package io.orderly.order.saga;

import io.orderly.security.Caller;
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
 * Admin actions on sagas (DESIGN section 6), for the admin role only (WebSecurityConfiguration);
 * each is audited under the admin's token subject. An action that meets a step being written at the same moment answers 409: ask again.
 */
@RestController
@RequestMapping("/api/admin/sagas")
class SagaAdminController {

    private final SagaAdmin admin;

    SagaAdminController(SagaAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    List<SagaAdmin.Listed> list(@RequestParam(required = false) SagaState state) {
        return admin.list(state);
    }

    @PostMapping("/{orderId}/retry")
    ResponseEntity<Void> retry(@PathVariable String orderId) {
        try {
            admin.retry(orderId, actor());
        } catch (OptimisticLockingFailureException e) {
            throw SagaActionNotAllowedException.concurrent(orderId, SagaAuditEntry.Action.RETRY);
        }
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{orderId}/compensate")
    ResponseEntity<Void> compensate(@PathVariable String orderId) {
        try {
            admin.compensate(orderId, actor());
        } catch (OptimisticLockingFailureException e) {
            throw SagaActionNotAllowedException.concurrent(orderId, SagaAuditEntry.Action.COMPENSATE);
        }
        return ResponseEntity.accepted().build();
    }

    private static String actor() {
        return Caller.require().subject();
    }
}
