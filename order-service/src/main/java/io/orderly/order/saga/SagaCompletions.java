package io.orderly.order.saga;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** Lets a request wait for a saga of this instance to end, whichever thread drives it to its end. */
@Component
class SagaCompletions {

    private final Map<String, CompletableFuture<SagaState>> waiting = new ConcurrentHashMap<>();

    CompletableFuture<SagaState> register(String orderId) {
        return waiting.computeIfAbsent(orderId, id -> new CompletableFuture<>());
    }

    void ended(String orderId, SagaState state) {
        CompletableFuture<SagaState> future = waiting.remove(orderId);
        if (future != null) {
            future.complete(state);
        }
    }

    /** The saga stopped here without ending (it is resumed later, maybe elsewhere): a waiting request stops waiting. */
    void stopped(String orderId, Throwable why) {
        CompletableFuture<SagaState> future = waiting.remove(orderId);
        if (future != null) {
            future.completeExceptionally(why);
        }
    }

    void forget(String orderId) {
        waiting.remove(orderId);
    }
}
