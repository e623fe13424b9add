package io.orderly.inventory.reservation;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * The stock reserved for one order: the TCC participant's fence row, keyed by the order id.
 * RESERVED moves to CONFIRMED or CANCELLED, and both are final. A cancel that arrives before any
 * reserve leaves a CANCELLED tombstone without lines, which refuses the late reserve.
 */
@Entity
@Table(name = "reservation")
class Reservation implements Persistable<String> {

    @Id
    @Column(name = "order_id")
    private String orderId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.VARCHAR)
    @Column(nullable = false, length = 16)
    private ReservationStatus status;

    @ElementCollection
    @CollectionTable(name = "reservation_line", joinColumns = @JoinColumn(name = "order_id"))
    @OrderBy("sku")
    private List<ReservationLine> lines = new ArrayList<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** The order id is assigned, so Spring Data cannot tell a new row from a detached one by its id. */
    @Transient
    private boolean isNew = true;

    protected Reservation() {}

    private Reservation(String orderId, ReservationStatus status, List<ReservationLine> lines) {
        this.orderId = orderId;
        this.status = status;
        this.lines = new ArrayList<>(lines);
        this.lines.sort(Comparator.comparing(ReservationLine::sku));
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** A new reservation holding the given lines; the stock must have been reserved already. */
    static Reservation reserved(String orderId, List<ReservationLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("A reservation needs at least one line");
        }
        return new Reservation(orderId, ReservationStatus.RESERVED, lines);
    }

    /** The mark a cancel leaves for an order it has never seen, so that a late reserve is refused. */
    static Reservation tombstone(String orderId) {
        return new Reservation(orderId, ReservationStatus.CANCELLED, List.of());
    }

    /**
     * Moves to CONFIRMED.
     *
     * @return true if the stock must now be committed, false if this was confirmed already
     * @throws ReservationCancelledException if cancelled
     */
    boolean confirm() {
        return switch (status) {
            case RESERVED -> moveTo(ReservationStatus.CONFIRMED);
            case CONFIRMED -> false;
            case CANCELLED -> throw new ReservationCancelledException(orderId);
        };
    }

    /**
     * Moves to CANCELLED.
     *
     * @return true if the reserved stock must now be released, false if this was cancelled already
     * @throws ReservationConfirmedException if confirmed
     */
    boolean cancel() {
        return switch (status) {
            case RESERVED -> moveTo(ReservationStatus.CANCELLED);
            case CANCELLED -> false;
            case CONFIRMED -> throw new ReservationConfirmedException(orderId);
        };
    }

    /**
     * Checks that a repeated reserve may be answered with this reservation's current state.
     *
     * @throws ReservationCancelledException if cancelled (also a tombstone)
     * @throws ReservationMismatchException if the request asks for other items
     */
    void checkRepeatOf(Map<String, Integer> requested) {
        if (status == ReservationStatus.CANCELLED) {
            throw new ReservationCancelledException(orderId);
        }
        if (!quantities().equals(requested)) {
            throw new ReservationMismatchException(orderId);
        }
    }

    private boolean moveTo(ReservationStatus next) {
        status = next;
        updatedAt = Instant.now();
        return true;
    }

    /** Quantity per SKU. */
    SortedMap<String, Integer> quantities() {
        SortedMap<String, Integer> quantities = new TreeMap<>();
        lines.forEach(line -> quantities.put(line.sku(), line.quantity()));
        return quantities;
    }

    BigDecimal total() {
        return lines.stream()
                .map(ReservationLine::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.UNNECESSARY);
    }

    String orderId() {
        return orderId;
    }

    ReservationStatus status() {
        return status;
    }

    List<ReservationLine> lines() {
        return List.copyOf(lines);
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        isNew = false;
    }
}
