package io.orderly.inventory.product;

import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The product catalogue and its stock levels, as the public API sees them. */
@Service
class ProductService {

    private final ProductRepository products;

    ProductService(ProductRepository products) {
        this.products = products;
    }

    /** One page of the catalogue, sorted by SKU. */
    @Transactional(readOnly = true)
    Page<ProductResponse> list(int page, int size) {
        return products.findAll(PageRequest.of(page, size, Sort.by("sku"))).map(ProductResponse::of);
    }

    @Transactional(readOnly = true)
    ProductResponse get(String sku) {
        return products.findById(sku)
                .map(ProductResponse::of)
                .orElseThrow(() -> new UnknownProductException(List.of(sku)));
    }

    @Transactional
    ProductResponse create(CreateProductRequest request) {
        if (products.existsById(request.sku())) {
            throw new ProductExistsException(request.sku());
        }
        try {
            Product product = products.saveAndFlush(
                    new Product(request.sku(), request.name(), request.price(), request.onHand()));
            return ProductResponse.of(product);
        } catch (DataIntegrityViolationException raced) {
            // Another request created the same SKU between the check and the insert.
            throw new ProductExistsException(request.sku());
        }
    }

    @Transactional
    ProductResponse restock(String sku, int quantity) {
        Product product = products.lockBySku(sku).orElseThrow(() -> new UnknownProductException(List.of(sku)));
        product.restock(quantity);
        return ProductResponse.of(product);
    }
}
