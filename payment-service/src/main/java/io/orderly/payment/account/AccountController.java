package io.orderly.payment.account;

import com.fasterxml.jackson.annotation.JsonAlias;
import io.orderly.payment.web.Identifier;
import io.orderly.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public accounts API (routed by the gateway). The filter chain lets only a customer or the
 * admin in (and only the admin open an account); which account a customer may touch is decided
 * here, from the path: its own.
 */
@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final AccountService service;

    AccountController(AccountService service) {
        this.service = service;
    }

    @GetMapping("/{customerId}")
    AccountResponse get(@PathVariable @Identifier String customerId) {
        requireActingFor(customerId);
        return AccountResponse.of(service.get(customerId));
    }

    @PostMapping
    ResponseEntity<AccountResponse> open(@Valid @RequestBody OpenAccountRequest request) {
        Account account = service.open(request.customerId(), money(request.initialBalance()));
        return ResponseEntity.created(URI.create("/api/accounts/" + account.customerId()))
                .body(AccountResponse.of(account));
    }

    @PostMapping("/{customerId}/deposits")
    AccountResponse deposit(@PathVariable @Identifier String customerId, @Valid @RequestBody DepositRequest request) {
        requireActingFor(customerId);
        return AccountResponse.of(service.deposit(customerId, money(request.amount())));
    }

    /**
     * The admin acts for every customer, a customer only for itself. Another customer's account
     * answers exactly as an account that does not exist (404 {@code unknown-customer}), so that a
     * customer cannot learn which accounts exist.
     */
    private static void requireActingFor(String customerId) {
        Caller caller = Caller.require();
        if (!caller.admin() && !caller.isCustomer(customerId)) {
            throw new UnknownCustomerException(customerId);
        }
    }

    /** Validation allows at most two decimals, so this never rounds. */
    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    record OpenAccountRequest(
            @Identifier String customerId,

            @JsonAlias("balance")
            @NotNull @DecimalMin("0.00") @DecimalMax("100000000.00") @Digits(integer = 9, fraction = 2) BigDecimal initialBalance) {}

    record DepositRequest(
            @NotNull @DecimalMin("0.01") @DecimalMax("100000000.00") @Digits(integer = 9, fraction = 2) BigDecimal amount) {}

    record AccountResponse(String customerId, BigDecimal balance, BigDecimal held, BigDecimal available) {

        static AccountResponse of(Account account) {
            return new AccountResponse(account.customerId(), account.balance(), account.held(), account.available());
        }
    }
}
