package io.orderly.inventory.product;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The stock side of a reservation, for the reservation feature. Runs inside the caller's
 * transaction, so that the stock change and the reservation's fence row commit or roll back
 * together. Quantities are keyed by SKU.
 */
@Service
@Transactional(propagation = Propagation.MANDATORY)
public class Stock {

    private final ProductRepository products;

    Stock(ProductRepository products) {
        this.products = products;
    }

    /**
     * Reserves every line or, by throwing, none: {@link UnknownProductException} if a SKU is
     * unknown, else {@link InsufficientStockException} if a line asks for more than is available.
     * The caller's transaction must roll back on either.
     *
     * @return the current unit price of each SKU
     */
    public SortedMap<String, BigDecimal> reserve(Map<String, Integer> quantities) {
        List<Product> locked = lock(quantities);
        if (locked.size() != quantities.size()) {
            TreeSet<String> missing = new TreeSet<>(quantities.keySet());
            locked.forEach(p -> missing.remove(p.sku()));
            throw new UnknownProductException(missing);
        }
        SortedMap<String, BigDecimal> prices = new TreeMap<>();
        for (Product product : locked) {
            product.reserve(quantities.get(product.sku()));
            prices.put(product.sku(), product.price());
        }
        return prices;
    }

    /** Gives back units reserved earlier. */
    public void release(Map<String, Integer> quantities) {
        apply(quantities, Product::release);
    }

    /** Reserved units leave: on-hand and reserved both drop. */
    public void commit(Map<String, Integer> quantities) {
        apply(quantities, Product::commit);
    }

    private void apply(Map<String, Integer> quantities, ObjIntConsumer<Product> change) {
        List<Product> locked = lock(quantities);
        if (locked.size() != quantities.size()) {
            throw new IllegalStateException("Reserved products vanished: " + quantities.keySet());
        }
        locked.forEach(product -> change.accept(product, quantities.get(product.sku())));
    }

    private List<Product> lock(Map<String, Integer> quantities) {
        return quantities.isEmpty() ? List.of() : products.lockAllBySkus(new TreeSet<>(quantities.keySet()));
    }
}
