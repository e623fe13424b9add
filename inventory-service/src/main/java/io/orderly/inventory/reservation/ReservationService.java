package io.orderly.inventory.reservation;

import io.orderly.inventory.product.Stock;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inventory side of the order saga (Try-Confirm-Cancel), idempotent at every step. Each
 * operation writes the reservation row, the fence keyed by the order id, in the same transaction
 * as its stock change.
 */
@Service
class ReservationService {

    private final ReservationRepository reservations;
    private final Stock stock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate readOnly;

    ReservationService(ReservationRepository reservations, Stock stock, PlatformTransactionManager transactions) {
        this.reservations = reservations;
        this.stock = stock;
        this.transaction = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The outcome of a reserve: the reservation, and whether this call created it. */
    record Reserved(ReservationResponse reservation, boolean created) {}

    /**
     * Reserves every item or nothing. A repeat with the same items answers the current state;
     * other items, or a cancel that came first, are refused.
     */
    Reserved reserve(String orderId, SortedMap<String, Integer> items) {
        return retryingOnFenceRace(() -> transaction.execute(status -> {
            Optional<Reservation> existing = reservations.findById(orderId);
            if (existing.isPresent()) {
                existing.get().checkRepeatOf(items);
                return new Reserved(ReservationResponse.of(existing.get()), false);
            }
            SortedMap<String, BigDecimal> prices = stock.reserve(items);
            List<ReservationLine> lines = items.entrySet().stream()
                    .map(item -> new ReservationLine(item.getKey(), item.getValue(), prices.get(item.getKey())))
                    .toList();
            Reservation reservation = reservations.saveAndFlush(Reservation.reserved(orderId, lines));
            return new Reserved(ReservationResponse.of(reservation), true);
        }));
    }

    /** Reserved stock leaves on-hand and reserved; confirming twice is fine. */
    ReservationResponse confirm(String orderId) {
        return transaction.execute(status -> {
            Reservation reservation =
                    reservations.lockByOrderId(orderId).orElseThrow(() -> new ReservationNotFoundException(orderId));
            if (reservation.confirm()) {
                stock.commit(reservation.quantities());
            }
            return ReservationResponse.of(reservation);
        });
    }

    /**
     * Releases the reserved stock. An unknown order id gets a CANCELLED tombstone, so that a
     * reserve arriving after its own cancel is refused rather than left holding stock.
     */
    ReservationResponse cancel(String orderId) {
        return retryingOnFenceRace(() -> transaction.execute(status -> {
            Optional<Reservation> existing = reservations.lockByOrderId(orderId);
            if (existing.isEmpty()) {
                return ReservationResponse.of(reservations.saveAndFlush(Reservation.tombstone(orderId)));
            }
            Reservation reservation = existing.get();
            if (reservation.cancel()) {
                stock.release(reservation.quantities());
            }
            return ReservationResponse.of(reservation);
        }));
    }

    ReservationResponse get(String orderId) {
        return readOnly.execute(status -> reservations
                .findById(orderId)
                .map(ReservationResponse::of)
                .orElseThrow(() -> new ReservationNotFoundException(orderId)));
    }

    /**
     * Two calls for one new order id (a retried reserve, a reserve racing a cancel) may both find
     * no row and both try to insert it: the primary key lets one win. The loser's transaction,
     * stock change included, has rolled back; run it once more and it answers from the winner's row.
     */
    private static <T> T retryingOnFenceRace(Supplier<T> attempt) {
        try {
            return attempt.get();
        } catch (DataIntegrityViolationException lostRace) {
            return attempt.get();
        }
    }
}
