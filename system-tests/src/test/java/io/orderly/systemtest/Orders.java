package io.orderly.systemtest;

import java.util.ArrayList;
import java.util.List;

/** Test data: order requests as {@code POST /api/orders} takes them, written to JSON by the mapper. */
final class Orders {

    private Orders() {}

    /** One line of an order. */
    record Item(String sku, int quantity) {}

    /** The request body of {@code POST /api/orders}. */
    record PlaceOrder(String customerId, List<Item> items) {

        PlaceOrder {
            items = List.copyOf(items);
        }

        /** The same order with one more line. */
        PlaceOrder and(String sku, int quantity) {
            List<Item> more = new ArrayList<>(items);
            more.add(new Item(sku, quantity));
            return new PlaceOrder(customerId, more);
        }

        /** The same lines for another customer. */
        PlaceOrder by(String otherCustomer) {
            return new PlaceOrder(otherCustomer, items);
        }
    }

    /** An order of one line. */
    static PlaceOrder of(String customerId, String sku, int quantity) {
        return new PlaceOrder(customerId, List.of(new Item(sku, quantity)));
    }

    /** An order of the given lines. */
    static PlaceOrder of(String customerId, List<Item> items) {
        return new PlaceOrder(customerId, items);
    }
}
